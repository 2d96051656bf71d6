// Package flowtest runs a suite under go test through e2e's one runner, configured the way the
// suite's own command is: e2e.yaml and E2E_* variables (E2E_WORKERS=2, E2E_RETRIES=1,
// E2E_HEADED=1, E2E_BASE_URL=...). Every flow is a subtest (go test -run 'TestFlows/login'
// selects flows); the subtests run side by side on run.workers browsers, with retries (a flow
// that passes on a retry passes, logged as flaky), the configured file reports, artifacts.mode
// and the same evidence and error.txt as e2e run, in artifacts.dir (test-results). e2e.yaml is
// the package folder's, or else the nearest one above it within the module.
package flowtest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// Run runs the flows of suite as subtests of t through the runner. The go test list is the
// list reporter; run.reporters adds the file reports. --shard does not apply (go test -run
// selects). Each flow's subtest starts when its flow starts and ends with it, so that go test
// shows the flow's own duration; Run returns once the run has ended, having logged the audit's
// findings once for the whole run.
func Run(t *testing.T, suite flows.Suite) {
	t.Helper()
	if err := runner.Register(suite); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(runner.LoadOptions(suite, config.LoadOptions{Dir: configDir()}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Run.LastFailed {
		t.Fatal("run.last_failed (E2E_RUN_LAST_FAILED) is e2e run's: under go test, choose the flows to run again with -run")
	}
	cfg.Run.Shard = ""
	cfg.Run.Reporters = slices.DeleteFunc(slices.Clone(cfg.Run.Reporters), func(r report.ReporterName) bool { return r == report.ReporterList })
	selected, err := runner.Selected(suite, cfg)
	if err != nil {
		t.Fatal(err)
	}
	projects, err := runner.Projects(suite, cfg)
	if err != nil {
		t.Fatal(err)
	}

	// The flows whose subtests go test -run and -skip choose: the runner walks only those (in
	// every project, when one of theirs is chosen).
	sel := goTestSelection()
	subs := &subtests{t: t, cfg: cfg, chosen: map[string]bool{}, ch: map[string]chan report.FlowReport{}}
	names := map[string]bool{}
	var chosen []flows.Flow
	for _, j := range runner.Plan(selected, projects, cfg.Run.RepeatEach, runner.Shard{}) {
		if sel.chooses(t.Name(), j.ID) {
			subs.chosen[j.ID] = true
			subs.order = append(subs.order, j.ID)
			names[j.Name] = true
		}
	}
	for _, fl := range selected {
		if names[fl.Name] {
			chosen = append(chosen, fl)
		}
	}
	if len(chosen) == 0 {
		if sel.names(t.Name()) {
			t.Errorf("no flow matches -run %s: the flows are %s (spaces are underscores; a flow on request runs with E2E_GREP naming its tag)",
				flagValue("test.run"), flowNames(selected))
		}
		return
	}
	rep, err := runFlows(cfg, suite, chosen, subs)
	if err != nil && !errors.Is(err, runner.ErrInterrupted) {
		t.Error(cfg.Scrub(err.Error()))
	}
	subs.finish(rep, err)
	if rep != nil {
		for _, h := range report.GroupFindingsByHost(rep) {
			t.Logf("audit: %s", h)
		}
	}
}

// runFlows starts the app and the runner, which starts each flow's subtest as the flow starts
// and hands it the flow's report as it ends; the app stops when the run ends.
func runFlows(cfg *config.Config, suite flows.Suite, chosen []flows.Flow, subs *subtests) (*report.RunReport, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := runner.CheckBrowser(cfg, chosen); err != nil {
		return nil, errors.New(cfg.Scrub(err.Error()))
	}
	app, err := runner.StartApp(ctx, cfg, suite)
	if err != nil {
		return nil, errors.New(cfg.Scrub(err.Error()))
	}
	defer app.Close()
	std, closeTTY := terminal(cfg)
	defer closeTTY()
	opts, err := runner.Prepare(ctx, cfg, suite, chosen, app, std, "go test")
	if err != nil {
		return nil, err
	}
	opts.Reporters = append(opts.Reporters, subs)
	return runner.Run(ctx, opts)
}

// terminal is where live steps and debug pauses meet the developer. go test gives the test no
// standard input and holds its output back, so a headed or debugging run talks to the
// controlling terminal (/dev/tty) when there is one; otherwise (CI) to standard error, and
// pauses do not wait.
func terminal(cfg *config.Config) (runner.IO, func()) {
	std := runner.IO{In: os.Stdin, Out: os.Stderr}
	if cfg.Browser.Headless && !cfg.Debug.Enabled && cfg.Debug.PauseBefore == "" {
		return std, func() {}
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return std, func() {}
	}
	return runner.IO{In: tty, Out: tty}, func() { _ = tty.Close() }
}

// subtests is a reporter of the run that starts each chosen flow's subtest when the flow starts
// and settles it with the flow's report when it ends.
type subtests struct {
	t      *testing.T
	cfg    *config.Config
	chosen map[string]bool // the ids go test chose
	order  []string        // them, in plan order

	mu sync.Mutex
	ch map[string]chan report.FlowReport // by id, once its subtest started
	wg sync.WaitGroup
}

// start starts id's subtest, which waits for the flow's report; once per id, for chosen ids.
// The caller holds mu.
func (s *subtests) start(id string) chan report.FlowReport {
	if ch, ok := s.ch[id]; ok || !s.chosen[id] {
		return ch
	}
	ch := make(chan report.FlowReport, 1)
	s.ch[id] = ch
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.t.Run(id, func(t *testing.T) { settle(t, s.cfg, <-ch) })
	}()
	return ch
}

// RunStarted does nothing.
func (s *subtests) RunStarted(int, int) {}

// FlowStarted starts the flow's subtest.
func (s *subtests) FlowStarted(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.start(id)
}

// FlowEnded hands the flow's report to its subtest, started now if the flow never started (a
// skipped flow).
func (s *subtests) FlowEnded(f report.FlowReport, _, _ int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.start(f.ID); ch != nil && len(ch) == 0 {
		ch <- f
	}
}

// RunEnded does nothing: the file reporters write the reports.
func (s *subtests) RunEnded(*report.RunReport) error { return nil }

// finish settles the subtests the run left waiting, or never started: with their flow's report
// when the run has one, else as not run because of err; then waits for every subtest to end.
func (s *subtests) finish(rep *report.RunReport, err error) {
	byID := map[string]report.FlowReport{}
	if rep != nil {
		for _, f := range rep.Flows {
			byID[f.ID] = f
		}
	}
	msg := "not run"
	if err != nil {
		msg = "not run: " + s.cfg.Scrub(err.Error())
	}
	for _, id := range s.order {
		f, ok := byID[id]
		if !ok {
			f = report.FlowReport{ID: id, Status: report.StatusInterrupted, Error: msg}
		}
		s.FlowEnded(f, 0, 0)
	}
	s.wg.Wait()
}

// configDir is where Run looks for e2e.yaml: the test's package folder, or the nearest folder
// above it that holds one, up to the module's root, so that `go test ./...` of a suite in a
// subfolder reads the module's e2e.yaml, as the suite's command run from the root does.
func configDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, config.DefaultFile)); err == nil {
			return d
		}
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil || filepath.Dir(d) == d {
			return wd
		}
	}
}

// flowNames lists fs's subtest names for an error, at most ten.
func flowNames(fs []flows.Flow) string {
	var names []string
	for i, f := range fs {
		if i == 10 {
			names = append(names, "…")
			break
		}
		names = append(names, rewrite(f.Name))
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
