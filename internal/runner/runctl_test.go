package runner_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/runner"
)

// runAPIFlows runs NoBrowser flows (no browser, no app) with the list and JSON reporters, and
// returns the report, the list reporter's output and Run's error.
func runAPIFlows(t *testing.T, dir string, fs []flows.Flow, opts ...runOption) (*report.RunReport, string, error) {
	t.Helper()
	for i := range fs {
		fs[i].NoBrowser = true
	}
	var out bytes.Buffer
	o := runner.Options{
		Flows: fs, Workers: 1, FlowTimeout: 30 * time.Second, ArtifactsDir: dir, Grace: time.Second,
		Reporters: []report.Reporter{report.NewReporter(report.ReporterList, dir, &out, report.ListOptions{}),
			report.NewReporter(report.ReporterJSON, dir, &out, report.ListOptions{})},
	}
	for _, opt := range opts {
		opt(&o)
	}
	rep, err := runner.Run(context.Background(), o)
	require.NotNil(t, rep, "Run: %v", err)
	return rep, out.String(), err
}

func passes(name string) flows.Flow { return flows.Flow{Name: name, Run: func(*flows.F) {}} }

func fails(name string) flows.Flow {
	return flows.Flow{Name: name, Run: func(f *flows.F) { f.Errorf("%s broke", name); f.FailNow() }}
}

// onEnded is a reporter that closes ch when flow id has ended.
type onEnded struct {
	id string
	ch chan struct{}
}

func (onEnded) RunStarted(int, int)              {}
func (onEnded) FlowStarted(string)               {}
func (onEnded) RunEnded(*report.RunReport) error { return nil }
func (r onEnded) FlowEnded(f report.FlowReport, _, _ int) {
	if f.ID == r.id {
		close(r.ch)
	}
}

// lastRun reads the record of the run that dir keeps for --last-failed.
func lastRun(t *testing.T, dir string) runner.LastRun {
	t.Helper()
	rec, ok, err := runner.ReadLastRun(dir)
	require.NoError(t, err)
	require.True(t, ok, "no %s in %s", runner.LastRunFile, dir)
	return rec
}

// TestMaxFailuresStopsStartingFlows: with --max-failures 1 a flaky flow is no failure; at the
// first flow that fails for good the run starts no more flows, the flow already running ends
// and passes, and those not started are skipped as did-not-run in the reports, which say why.
func TestMaxFailuresStopsStartingFlows(t *testing.T) {
	var tries atomic.Int32
	failed := make(chan struct{})
	flaky := flows.Flow{Name: "a flaky", Run: func(f *flows.F) {
		if tries.Add(1) == 1 {
			f.Errorf("first try fails")
			f.FailNow()
		}
	}}
	slow := flows.Flow{Name: "c slow", Run: func(f *flows.F) {
		select { // runs on, beside the failure, until it is known
		case <-failed:
		case <-time.After(10 * time.Second):
			f.Errorf("the failure never came")
		}
	}}
	dir := filepath.Join(t.TempDir(), "test-results")
	rep, out, err := runAPIFlows(t, dir, []flows.Flow{flaky, fails("b broken"), slow, passes("d"), passes("e")}, func(o *runner.Options) {
		o.MaxFailures, o.Retries, o.Workers = 1, 1, 2
		o.Reporters = append(o.Reporters, onEnded{"b broken", failed})
		o.Flows[1], o.Flows[2] = o.Flows[2], o.Flows[1] // the slow one runs beside the flaky, then the broken one
	})
	require.NoError(t, err)
	require.Equal(t, map[string]report.Status{"c slow": report.StatusPassed, "b broken": report.StatusFailed,
		"a flaky": report.StatusFlaky, "d": report.StatusSkipped, "e": report.StatusSkipped}, statuses(rep))
	require.Equal(t, "stopped after 1 failure (--max-failures 1)", rep.Stopped)
	require.Equal(t, report.StatusFailed, rep.Status)
	require.Equal(t, report.Totals{Total: 5, Passed: 1, Failed: 1, Flaky: 1, Skipped: 2, DidNotRun: 2}, rep.Totals)
	for _, f := range rep.Flows[3:] { // d and e
		a, ok := f.Annotation(report.AnnotationDidNotRun)
		require.True(t, ok, f.ID)
		require.Equal(t, rep.Stopped, a.Description)
		require.Equal(t, "did not run: stopped after 1 failure (--max-failures 1)", f.SkipReason())
	}
	require.Contains(t, out, "1 passed, 1 failed, 1 flaky, 0 skipped, 2 did not run")
	require.Contains(t, out, "\n  stopped after 1 failure (--max-failures 1)\n")
	var saved report.RunReport
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &saved))
	require.Equal(t, rep.Stopped, saved.Stopped)
	require.Equal(t, runner.LastRun{Status: "failed", FailedTests: []string{"b broken"}}, lastRun(t, dir), "a flaky flow is no failure")

	// Under the limit, the run goes on to the end.
	rep, _, err = runAPIFlows(t, dir, []flows.Flow{fails("x"), passes("y")}, func(o *runner.Options) { o.MaxFailures = 2 })
	require.NoError(t, err)
	require.Empty(t, rep.Stopped)
	require.Equal(t, report.Totals{Total: 2, Passed: 1, Failed: 1}, rep.Totals)
}

// TestMaxFailuresStopsTheRoundsToo: with --repeat-each and the app's reset between rounds, the
// failure of round 0 starts no later round, and the run ends rather than waiting for one.
func TestMaxFailuresStopsTheRoundsToo(t *testing.T) {
	var resets atomic.Int32
	rep, _, err := runAPIFlows(t, t.TempDir(), []flows.Flow{fails("x"), passes("y")}, func(o *runner.Options) {
		o.MaxFailures, o.RepeatEach = 1, 3
		o.BeforeRound = func(context.Context, int) error { resets.Add(1); return nil }
	})
	require.NoError(t, err)
	require.Equal(t, int32(0), resets.Load(), "no round after the failure")
	require.Equal(t, 1, rep.Totals.Failed)
	require.Equal(t, 5, rep.Totals.DidNotRun)
}

// TestGlobalTimeoutInterruptsTheRun: at the global timeout the flow running is interrupted,
// the others did not run, the reports are written and say why, and the run fails (it is no
// Ctrl-C): its record says timedout.
func TestGlobalTimeoutInterruptsTheRun(t *testing.T) {
	hangs := flows.Flow{Name: "hangs", Run: func(f *flows.F) {
		select {
		case <-f.Ctx.Done():
		case <-time.After(20 * time.Second):
		}
	}}
	dir := t.TempDir()
	started := time.Now()
	rep, out, err := runAPIFlows(t, dir, []flows.Flow{hangs, passes("after")}, func(o *runner.Options) {
		o.GlobalTimeout = 300 * time.Millisecond
	})
	require.NoError(t, err, "a global timeout is no interruption")
	require.Less(t, time.Since(started), 10*time.Second)
	require.Equal(t, map[string]report.Status{"hangs": report.StatusInterrupted, "after": report.StatusSkipped}, statuses(rep))
	require.Equal(t, "global timeout of 300ms reached", rep.Stopped)
	require.Equal(t, report.StatusFailed, rep.Status)
	require.Contains(t, out, "0 passed, 0 failed, 0 flaky, 0 skipped, 1 interrupted, 1 did not run")
	require.Contains(t, out, "global timeout of 300ms reached")
	require.FileExists(t, filepath.Join(dir, "report.json"))
	require.Equal(t, runner.LastRun{Status: "timedout", FailedTests: []string{}}, lastRun(t, dir))
}

// TestLastRunRecordIsKeptAndOnlyRunsItsFlows: the record of the last run survives the emptying
// of the artifacts folder at the next run's start, and Options.Only (--last-failed) runs only
// the flows it names, with their project and repetition.
func TestLastRunRecordIsKeptAndOnlyRunsItsFlows(t *testing.T) {
	dir := t.TempDir()
	_, ok, err := runner.ReadLastRun(dir)
	require.NoError(t, err)
	require.False(t, ok, "no run, no record")
	rep, _, _ := runAPIFlows(t, dir, []flows.Flow{fails("x"), passes("y"), fails("z")}, func(o *runner.Options) { o.RepeatEach = 2 })
	require.Equal(t, 4, rep.Totals.Failed)
	rec := lastRun(t, dir)
	require.Equal(t, []string{"x", "x#1", "z", "z#1"}, rec.FailedTests)

	require.NoError(t, runner.PrepareArtifacts(dir))
	require.Equal(t, rec, lastRun(t, dir), "kept when the folder is emptied")

	rep, _, _ = runAPIFlows(t, dir, []flows.Flow{fails("x"), passes("y"), passes("z")}, func(o *runner.Options) {
		o.RepeatEach, o.Only = 2, rec.FailedTests
	})
	require.Equal(t, map[string]report.Status{"x": report.StatusFailed, "x#1": report.StatusFailed,
		"z": report.StatusPassed, "z#1": report.StatusPassed}, statuses(rep), "y did not fail: it is not run")
	require.Equal(t, []string{"x", "x#1"}, lastRun(t, dir).FailedTests)

	projects := []config.Project{{Name: "desktop"}, {Name: "mobile"}}
	plan := runner.Plan([]flows.Flow{passes("x"), passes("y")}, projects, 1, runner.Shard{}, "[mobile] y", "[desktop] x", "gone")
	require.Equal(t, []runner.Planned{{ID: "[desktop] x", Name: "x", Project: "desktop"}, {ID: "[mobile] y", Name: "y", Project: "mobile"}}, plan)
}
