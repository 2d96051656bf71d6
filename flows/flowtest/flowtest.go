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
	"fmt"
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
// selects).
func Run(t *testing.T, suite flows.Suite) {
	t.Helper()
	if err := runner.Register(suite); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(runner.LoadOptions(suite, config.LoadOptions{Dir: configDir()}))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Run.Shard = ""
	cfg.Run.Reporters = slices.DeleteFunc(slices.Clone(cfg.Run.Reporters), func(r report.ReporterName) bool { return r == report.ReporterList })
	selected, err := runner.Selected(suite, cfg)
	if err != nil {
		t.Fatal(err)
	}

	// Register a subtest per planned id; those go test -run selects pause in t.Parallel until
	// this function returns, while the runner walks their flows.
	results := &results{ch: map[string]chan report.FlowReport{}}
	var chosen []flows.Flow
	for _, id := range runner.Plan(selected, cfg.Run.RepeatEach, runner.Shard{}) {
		ch := make(chan report.FlowReport, 1)
		t.Run(id, func(t *testing.T) {
			results.add(id, ch)
			t.Parallel()
			settle(t, cfg, <-ch)
		})
	}
	for _, fl := range selected {
		if results.chose(fl.Name) {
			chosen = append(chosen, fl)
		}
	}
	if len(chosen) == 0 {
		return
	}
	if err := runFlows(t, cfg, suite, chosen, results); err != nil {
		t.Error(err)
		results.fail(nil, err)
	}
}

// runFlows starts the app and the runner, which hands each flow's report to its subtest as the
// flow ends; the app stops when the run ends.
func runFlows(t *testing.T, cfg *config.Config, suite flows.Suite, chosen []flows.Flow, rs *results) error {
	ctx, cancel := context.WithCancel(context.Background())
	app, err := runner.StartApp(ctx, cfg, suite)
	if err != nil {
		cancel()
		return errors.New(cfg.Scrub(err.Error()))
	}
	std, closeTTY := terminal(cfg)
	t.Cleanup(closeTTY)
	opts, err := runner.Prepare(ctx, cfg, suite, chosen, app, std, "go test")
	if err != nil {
		app.Close()
		cancel()
		return err
	}
	opts.Reporters = append(opts.Reporters, rs)
	done := make(chan struct{})
	var runErr error
	go func() {
		defer close(done)
		defer cancel()
		defer app.Close()
		var rep *report.RunReport
		rep, runErr = runner.Run(ctx, opts)
		rs.fail(rep, runErr)
	}()
	t.Cleanup(func() {
		<-done
		if runErr != nil && !errors.Is(runErr, runner.ErrInterrupted) {
			t.Error(cfg.Scrub(runErr.Error()))
		}
	})
	return nil
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

// results hands each flow's report to the subtest waiting for it: a reporter of the run.
type results struct {
	mu   sync.Mutex
	ch   map[string]chan report.FlowReport // by flow id, of the subtests go test chose
	sent map[string]bool
}

func (r *results) add(id string, ch chan report.FlowReport) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ch[id] = ch
}

// chose reports whether go test chose a subtest of the flow called name.
func (r *results) chose(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id := range r.ch {
		if base, _, _ := strings.Cut(id, "#"); base == name {
			return true
		}
	}
	return false
}

func (r *results) send(f report.FlowReport) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sent == nil {
		r.sent = map[string]bool{}
	}
	if ch, ok := r.ch[f.ID]; ok && !r.sent[f.ID] {
		r.sent[f.ID] = true
		ch <- f
	}
}

// fail ends every subtest still waiting: with its flow's report when the run has one, else as
// not run because of err.
func (r *results) fail(rep *report.RunReport, err error) {
	if rep != nil {
		for _, f := range rep.Flows {
			r.send(f)
		}
	}
	r.mu.Lock()
	var ids []string
	for id := range r.ch {
		if !r.sent[id] {
			ids = append(ids, id)
		}
	}
	r.mu.Unlock()
	msg := "not run"
	if err != nil {
		msg = "not run: " + err.Error()
	}
	for _, id := range ids {
		r.send(report.FlowReport{ID: id, Status: report.StatusInterrupted, Error: msg})
	}
}

// RunStarted does nothing.
func (r *results) RunStarted(int, int) {}

// FlowStarted does nothing.
func (r *results) FlowStarted(string) {}

// FlowEnded hands the flow's report to its subtest.
func (r *results) FlowEnded(f report.FlowReport, _, _ int) { r.send(f) }

// RunEnded does nothing: the file reporters write the reports.
func (r *results) RunEnded(*report.RunReport) error { return nil }

// settle passes or fails the subtest t as its flow's report f says: a failure with the whole of
// the last attempt's error.txt (or its failure when no artifacts were kept), a flaky flow as a
// pass with a log line (a failure under run.fail_on_flaky).
func settle(t *testing.T, cfg *config.Config, f report.FlowReport) {
	t.Helper()
	for _, a := range f.Attempts {
		if a.Dir != "" {
			t.Logf("attempt %d (%s): artifacts in %s", a.Retry, a.Status, filepath.Join(cfg.Artifacts.Dir, a.Dir))
		}
	}
	if len(f.Attempts) > 0 {
		for _, fd := range f.Attempts[len(f.Attempts)-1].Audit.All() {
			t.Logf("audit: %s", fd)
		}
	}
	switch f.Status {
	case report.StatusPassed:
	case report.StatusFlaky:
		t.Logf("flaky: passed on retry %d after %d failed attempt(s): %s", len(f.Attempts)-1, len(f.Attempts)-1, f.Error)
		if cfg.Run.FailOnFlaky {
			t.Errorf("flaky (run.fail_on_flaky): %s", f.Error)
		}
	default:
		t.Errorf("%s %s", f.Status, errorText(cfg, f))
	}
}

// errorText is the last attempt's error.txt, or its failure when none was written.
func errorText(cfg *config.Config, f report.FlowReport) string {
	if len(f.Attempts) == 0 {
		return f.Error
	}
	last := f.Attempts[len(f.Attempts)-1]
	if rel, ok := last.Artifacts[report.ArtifactError]; ok {
		if b, err := os.ReadFile(filepath.Join(cfg.Artifacts.Dir, filepath.FromSlash(rel))); err == nil {
			return "\n" + string(b)
		}
	}
	if last.Failure == nil {
		return f.Error
	}
	return fmt.Sprintf("\nflow: %s\nstep: %s\nerror: %s\n\n%s", f.ID, last.Failure.Step, last.Failure.Message, last.Failure.Details)
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
