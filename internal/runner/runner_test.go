package runner_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/flows/shopsuite"
	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/shop"
)

// runOption changes the runner options of runSuite.
type runOption func(*runner.Options)

// runSuite runs fs with the runner against a fresh shop with faults, and returns the report
// and the artifacts folder.
func runSuite(t *testing.T, fs []flows.Flow, faults []shop.Fault, opts ...runOption) (*report.RunReport, string) {
	t.Helper()
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	srv := fixture.NewTestShop(t, faults...)
	db, err := backend.OpenDB("sqlite", srv.Shop().DBPath())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	dir := filepath.Join(t.TempDir(), "test-results")
	o := runner.Options{
		Flows:        fs,
		Workers:      2,
		FlowTimeout:  60 * time.Second,
		Browser:      browser.Options{Headless: true},
		Env:          runner.Env{BaseURL: srv.URL, DB: db, ActionTimeout: 5 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{}},
		ArtifactsDir: dir,
		BeforeEach:   shopsuite.Suite().BeforeEach,
	}
	for _, opt := range opts {
		opt(&o)
	}
	rep, err := runner.Run(context.Background(), o)
	require.NoError(t, err)
	return rep, dir
}

func statuses(r *report.RunReport) map[string]report.Status {
	m := map[string]report.Status{}
	for _, f := range r.Flows {
		m[f.ID] = f.Status
	}
	return m
}

func TestRunAllFlowsPass(t *testing.T) {
	rep, dir := runSuite(t, shopsuite.Suite().Flows, nil)
	for _, f := range rep.Flows {
		require.Equal(t, report.StatusPassed, f.Status, "flow %s: %s", f.ID, f.Error)
	}
	require.Equal(t, report.Totals{Total: 7, Passed: 7}, rep.Totals)
	require.Equal(t, report.StatusPassed, rep.Status)
	require.NoFileExists(t, filepath.Join(dir, report.SpoolFile), "the flow spool is removed once the reports are written")
	require.Equal(t, 2, rep.Workers)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		require.False(t, e.IsDir(), "a passing run under retain-on-failure keeps no attempt folder, found %s", e.Name())
	}
	timings, err := os.ReadFile(filepath.Join(dir, ".e2e-timings.json"))
	require.NoError(t, err)
	var m map[string]int64
	require.NoError(t, json.Unmarshal(timings, &m))
	require.Len(t, m, 7)
}

// TestFaultyShopFailsExactlyTheFavouriteFlows injects a 500 into the favourites API: the two
// favourite flows fail with a clear message and full evidence, the others pass.
func TestFaultyShopFailsExactlyTheFavouriteFlows(t *testing.T) {
	rep, dir := runSuite(t, shopsuite.Suite().Flows, []shop.Fault{{Method: "PUT", Path: "/api/favourites/*", Status: 500}})
	want := map[string]report.Status{
		"signup": "passed", "login": "passed", "protected redirect": "passed", "profile": "passed",
		"add favourite": "failed", "remove favourite": "failed", "logout": "passed",
	}
	require.Equal(t, want, statuses(rep))
	require.Equal(t, report.StatusFailed, rep.Status)

	for _, f := range rep.Flows {
		if f.Status != report.StatusFailed {
			require.Empty(t, f.Attempts[0].Dir, "flow %s passed and keeps no artifacts", f.ID)
			continue
		}
		at := f.Attempts[0]
		require.NotNil(t, at.Failure)
		require.NotEmpty(t, at.Failure.Step, "failure of %s names its step", f.ID)
		for _, kind := range []string{"screenshot", "har", "dom", "console", "steps", "error"} {
			require.Contains(t, at.Artifacts, kind, "flow %s artifacts", f.ID)
			require.FileExists(t, filepath.Join(dir, at.Artifacts[kind]))
		}
	}
	harPath := filepath.Join(dir, rep.Flows[4].Attempts[0].Artifacts["har"])
	out, ok := testenv.ValidateHAR(t, harPath, filepath.Join(dir, rep.Flows[5].Attempts[0].Artifacts["har"]))
	require.True(t, ok, out)
	har, err := os.ReadFile(harPath)
	require.NoError(t, err)
	require.True(t, strings.Contains(string(har), `"status": 500`), "the HAR of add favourite holds the browser's failing PUT")
	add := rep.Flows[4]
	require.Equal(t, "add favourite", add.ID)
	require.Contains(t, add.Attempts[0].Failure.Step, "add it to favourites")
	require.Contains(t, add.Error, "expected a success, found PUT /api/favourites/")
	require.Contains(t, add.Error, "answered 500")
	remove := rep.Flows[5]
	require.Contains(t, remove.Error, "PUT /api/favourites/")
	require.Contains(t, remove.Error, "expected 204, found 500")
}

func TestFlowTimeoutKeepsEvidence(t *testing.T) {
	profile := runner.Select(shopsuite.Suite().Flows, regexp.MustCompile(`^profile$`), nil)
	rep, dir := runSuite(t, profile, []shop.Fault{{Method: "GET", Path: "/profile", Hang: true}}, func(o *runner.Options) {
		o.FlowTimeout = 3 * time.Second
		o.Env.ActionTimeout = 30 * time.Second
	})
	require.Equal(t, report.StatusFailed, rep.Flows[0].Status)
	at := rep.Flows[0].Attempts[0]
	require.Equal(t, "flow timed out after 3s", at.Failure.Message)
	require.Contains(t, at.Failure.Step, "see the profile")
	require.Less(t, at.DurationMS, int64(15_000), "a hung page does not hang the run")
	steps, err := os.ReadFile(filepath.Join(dir, at.Artifacts["steps"]))
	require.NoError(t, err)
	require.Contains(t, string(steps), `no page loaded after clicking "nav-profile": flow stopped (context deadline exceeded)`)
	require.NotContains(t, string(steps), "after 30s", "the action's own time limit did not run out")
	for _, kind := range []string{"screenshot", "har", "dom", "steps", "error"} {
		require.FileExists(t, filepath.Join(dir, at.Artifacts[kind]), kind)
	}
}

func TestRetriesReportFlaky(t *testing.T) {
	var calls atomic.Int32
	flaky := flows.Flow{Name: "flaky", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		require.NotEqual(f, int32(1), calls.Add(1), "first attempt fails")
	}}
	rep, dir := runSuite(t, []flows.Flow{flaky}, nil, func(o *runner.Options) { o.Retries = 2 })
	fr := rep.Flows[0]
	require.Equal(t, report.StatusFlaky, fr.Status)
	require.Len(t, fr.Attempts, 2)
	require.Equal(t, report.StatusFailed, fr.Attempts[0].Status)
	require.Equal(t, report.StatusPassed, fr.Attempts[1].Status)
	require.DirExists(t, filepath.Join(dir, "flaky"), "the failed attempt keeps its artifacts")
	require.NoDirExists(t, filepath.Join(dir, "flaky-retry1"))
	require.Equal(t, report.StatusPassed, rep.Status, "flaky does not fail the run by default")

	calls.Store(0)
	rep, _ = runSuite(t, []flows.Flow{flaky}, nil, func(o *runner.Options) { o.Retries = 1; o.FailOnFlaky = true })
	require.Equal(t, report.StatusFailed, rep.Status, "--fail-on-flaky")
}

func TestCrashedBrowserIsReplaced(t *testing.T) {
	crash := flows.Flow{Name: "crash", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		_ = proto.BrowserCrash{}.Call(f.Tab.Rod())
		f.Tab.Goto("/")
	}}
	after := runner.Select(shopsuite.Suite().Flows, regexp.MustCompile(`^signup$`), nil)[0]
	rep, dir := runSuite(t, []flows.Flow{crash, after}, nil, func(o *runner.Options) { o.Workers = 1 })
	require.Equal(t, map[string]report.Status{"crash": "failed", "signup": "passed"}, statuses(rep), "%+v\n%+v", rep.Flows[1].Attempts[0].Failure, rep.Flows[0].Attempts[0].Failure)
	at := rep.Flows[0].Attempts[0]
	require.FileExists(t, filepath.Join(dir, at.Artifacts["error"]))
	require.FileExists(t, filepath.Join(dir, at.Artifacts["steps"]))
	require.FileExists(t, filepath.Join(dir, at.Artifacts["har"]))
}

func TestPanicIsAFailure(t *testing.T) {
	boom := flows.Flow{Name: "boom", Run: func(f *flows.F) {
		f.Step("explode", func() { panic("kaboom") })
	}}
	rep, dir := runSuite(t, []flows.Flow{boom}, nil)
	at := rep.Flows[0].Attempts[0]
	require.Equal(t, report.StatusFailed, at.Status)
	require.Equal(t, "panic: kaboom", at.Failure.Message)
	require.Equal(t, "explode", at.Failure.Step)
	errTxt, err := os.ReadFile(filepath.Join(dir, at.Artifacts["error"]))
	require.NoError(t, err)
	require.Contains(t, string(errTxt), "runner_test.go", "error.txt holds the panic's stack")
}

func TestInterruptMarksUnfinishedFlows(t *testing.T) {
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	srv := fixture.NewTestShop(t)
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	block := flows.Flow{Name: "block", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		close(started)
		<-f.Ctx.Done()
		require.NoError(f, f.Ctx.Err())
	}}
	never := flows.Flow{Name: "never", Run: func(f *flows.F) {}}
	go func() {
		<-started
		cancel()
	}()
	dir := t.TempDir()
	rep, err := runner.Run(ctx, runner.Options{
		Flows: []flows.Flow{block, never}, Workers: 1, Browser: browser.Options{Headless: true},
		Env: runner.Env{BaseURL: srv.URL}, ArtifactsDir: dir, Grace: 2 * time.Second,
	})
	require.ErrorIs(t, err, runner.ErrInterrupted)
	require.Equal(t, map[string]report.Status{"block": "interrupted", "never": "interrupted"}, statuses(rep))
	require.Equal(t, report.StatusInterrupted, rep.Status)
	require.FileExists(t, filepath.Join(dir, "block", "screenshot.png"), "an interrupted flow keeps its evidence")
}

// TestInterruptWhileTheBrowsersStart cancels the run before its browsers are up: it is an
// interrupted run with its report (every flow interrupted, no attempt), not a setup error.
func TestInterruptWhileTheBrowsersStart(t *testing.T) {
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	json := report.NewJSONReporter(filepath.Join(dir, "report.json"))
	rep, err := runner.Run(ctx, runner.Options{
		Flows: shopsuite.Suite().Flows[:2], Workers: 2, Browser: browser.Options{Headless: true},
		Env: runner.Env{BaseURL: "http://127.0.0.1:1"}, ArtifactsDir: dir, Reporters: []report.Reporter{json},
	})
	require.ErrorIs(t, err, runner.ErrInterrupted)
	require.Equal(t, map[string]report.Status{"signup": "interrupted", "login": "interrupted"}, statuses(rep))
	saved, err := report.ReadRunReport(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.StatusInterrupted, saved.Status)
	raw, err := os.ReadFile(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	require.NotContains(t, string(raw), `"attempts": null`, "a flow that never started has no attempts, not null")
}

func TestRepeatEachGivesEachRunItsOwnID(t *testing.T) {
	var mu sync.Mutex
	users := map[string]bool{}
	fl := flows.Flow{Name: "who", Run: func(f *flows.F) {
		mu.Lock()
		defer mu.Unlock()
		users[flows.UniqueName(flows.NameOptions{})] = true
	}}
	rep, _ := runSuite(t, []flows.Flow{fl}, nil, func(o *runner.Options) { o.RepeatEach = 3 })
	var ids []string
	for _, f := range rep.Flows {
		ids = append(ids, f.ID)
	}
	require.Equal(t, []string{"who", "who#1", "who#2"}, ids)
	require.Len(t, users, 3, "each run makes its own user")
}

func TestShardsCoverTheSuiteOnce(t *testing.T) {
	var fs []flows.Flow
	for i := range 23 {
		fs = append(fs, flows.Flow{Name: fmt.Sprintf("f%02d", i)})
	}
	projects := []config.Project{{Name: "desktop"}, {Name: "mobile", Device: "Pixel 2"}}
	for _, ps := range [][]config.Project{nil, projects} {
		for n := 1; n <= 6; n++ {
			seen := map[string]int{}
			for i := 1; i <= n; i++ {
				for _, j := range runner.Plan(fs, ps, 2, runner.Shard{Index: i, Total: n}) {
					seen[j.ID]++
				}
			}
			require.Len(t, seen, 46*max(len(ps), 1), "n=%d", n)
			for id, c := range seen {
				require.Equal(t, 1, c, "n=%d: %s ran %d times", n, id, c)
			}
		}
	}
	plan := runner.Plan(fs[:2], projects, 2, runner.Shard{})
	require.Equal(t, runner.Planned{ID: "[desktop] f00", Name: "f00", Project: "desktop"}, plan[0])
	require.Equal(t, runner.Planned{ID: "[mobile] f01#1", Name: "f01", Project: "mobile"}, plan[7])
	require.True(t, strings.HasPrefix(runner.Shard{Index: 1, Total: 2}.String(), "1/2"))
}

// TestSuiteHooksRunAroundEveryAttempt: BeforeEach hands the flow a fixture through F.Set; a flow
// that stops at a failure still gets its AfterEach; both show in the step log.
func TestSuiteHooksRunAroundEveryAttempt(t *testing.T) {
	const key = "fixture"
	var mu sync.Mutex
	var after []string
	fl := flows.Flow{Name: "hooked", Run: func(f *flows.F) {
		require.Equal(f, "fixture", f.Get(key))
		f.Errorf("stop here")
		f.FailNow()
	}}
	rep, _ := runSuite(t, []flows.Flow{fl}, nil, func(o *runner.Options) {
		o.Retries = 1
		o.BeforeEach = func(f *flows.F) { f.Set(key, "fixture") }
		o.AfterEach = func(f *flows.F) {
			mu.Lock()
			defer mu.Unlock()
			after = append(after, f.Get(key))
		}
	})
	require.Equal(t, report.StatusFailed, rep.Flows[0].Status)
	require.Equal(t, "stop here", rep.Flows[0].Error)
	require.Equal(t, []string{"fixture", "fixture"}, after, "AfterEach ran after each of the two attempts")
	var names []string
	for _, s := range rep.Flows[0].Attempts[0].Steps {
		names = append(names, s.Name)
	}
	require.Equal(t, []string{"before each flow", "failed", "after each flow"}, names,
		"the flow's f.Errorf, between steps, is a failed line of its own (this file is the engine's: no call site)")
}

// TestGetOfAKeyNeverSetFails: f.Get of a misspelt key fails the flow, naming the keys set;
// Lookup tells whether a key is set.
func TestGetOfAKeyNeverSetFails(t *testing.T) {
	fl := flows.Flow{Name: "typo", NoBrowser: true, Run: func(f *flows.F) {
		_, ok := f.Lookup("usrname")
		require.False(f, ok)
		v := f.Get("usrname")
		f.Errorf("not reached: %q", v)
	}}
	rep, _ := runSuite(t, []flows.Flow{fl}, nil, func(o *runner.Options) {
		o.BeforeEach = func(f *flows.F) { f.Set("username", "ada"); f.Set("password", "x") }
	})
	require.Equal(t, report.StatusFailed, rep.Flows[0].Status)
	require.Equal(t, `f.Get("usrname"): no value was Set under that key (the keys set: password, username): Set it first (in a BeforeEach, or as a User signs in), or use Lookup`, rep.Flows[0].Error)
}

// TestTabOfAFlowWithNoBrowser: a NoBrowser flow that uses f.Tab fails saying so, not with a
// bare nil pointer.
func TestTabOfAFlowWithNoBrowser(t *testing.T) {
	fl := flows.Flow{Name: "api: a click", NoBrowser: true, Run: func(f *flows.F) {
		f.Tab.GetByRole("button").Click()
	}}
	rep, _ := runSuite(t, []flows.Flow{fl}, nil, func(*runner.Options) {})
	require.Equal(t, report.StatusFailed, rep.Flows[0].Status)
	require.Contains(t, rep.Flows[0].Error, "nil pointer dereference (f.Tab is nil in a flow with no browser, Flow.NoBrowser: drop NoBrowser for a tab)")
}

// TestGroupsNameAndHookTheirFlows: a group's name prefixes its flows' names (and --grep sees
// it); its hooks run around each attempt of its flows, inside the suite's and the outer groups',
// and its AfterEach runs after a failure too.
func TestGroupsNameAndHookTheirFlows(t *testing.T) {
	order := func(f *flows.F, s string) { before, _ := f.Lookup("order"); f.Set("order", before+s) }
	var mu sync.Mutex
	seen := map[string]string{}
	record := func(f *flows.F) {
		order(f, " suite-after")
		mu.Lock()
		defer mu.Unlock()
		seen[f.Get("name")] = f.Get("order")
	}
	flow := func(name string, fail bool) flows.Flow {
		return flows.Flow{Name: name, Run: func(f *flows.F) {
			f.Set("name", name)
			order(f, " "+name)
			if fail {
				f.Errorf("%s fails", name)
				f.FailNow()
			}
		}}
	}
	suite := flows.Suite{
		Flows: []flows.Flow{flow("alone", false)},
		Groups: []flows.Group{{
			Name:       "Editing",
			BeforeEach: func(f *flows.F) { order(f, " editing-before") },
			AfterEach:  func(f *flows.F) { order(f, " editing-after") },
			Flows:      []flows.Flow{flow("trims", false)},
			Groups: []flows.Group{{
				Name:       "Nested",
				BeforeEach: func(f *flows.F) { order(f, " nested-before") },
				AfterEach:  func(f *flows.F) { order(f, " nested-after") },
				Flows:      []flows.Flow{flow("escapes", true)},
			}},
		}},
	}
	names := func(grep string) []string {
		cfg := config.Default()
		cfg.Run.Grep = grep
		fs, err := runner.Selected(suite, cfg)
		require.NoError(t, err)
		var out []string
		for _, f := range fs {
			out = append(out, f.Name)
		}
		return out
	}
	require.Equal(t, []string{"alone", "Editing › trims", "Editing › Nested › escapes"}, names(""))
	require.Equal(t, []string{"Editing › Nested › escapes"}, names("Nested"))

	fs, err := runner.Selected(suite, config.Default())
	require.NoError(t, err)
	rep, _ := runSuite(t, fs, nil, func(o *runner.Options) {
		o.BeforeEach = func(f *flows.F) { order(f, "suite-before") }
		o.AfterEach = record
	})
	require.Equal(t, map[string]string{
		"alone":   "suite-before alone suite-after",
		"trims":   "suite-before editing-before trims editing-after suite-after",
		"escapes": "suite-before editing-before nested-before escapes nested-after editing-after suite-after",
	}, seen)
	require.Equal(t, report.StatusFailed, statuses(rep)["Editing › Nested › escapes"])
	var steps []string
	for _, s := range rep.Flows[2].Attempts[0].Steps {
		steps = append(steps, s.Name)
	}
	require.Equal(t, []string{"before each flow", "before each of Editing", "before each of Nested",
		"failed", "after each of Nested", "after each of Editing", "after each flow"}, steps, "the flow failed between steps")
}
