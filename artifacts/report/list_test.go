package report_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// reportWhole is both fixture shards as one run.
func reportWhole(t *testing.T) *report.RunReport {
	dir := t.TempDir()
	s1, s2 := reportShard1(t, dir), reportShard2(t, dir)
	r := &report.RunReport{Started: reportT0, DurationMS: 17_000, Status: report.StatusFailed, Workers: 4, BaseURL: s1.BaseURL}
	r.Flows = append(append(r.Flows, s1.Flows...), s2.Flows...)
	for _, f := range r.Flows {
		r.Totals.Add(f.Status)
	}
	return r
}

// reportReplay tells rep about r as a run with two workers would: flows start two at a time and
// end in order.
func reportReplay(t *testing.T, rep report.Reporter, r *report.RunReport) {
	t.Helper()
	n := len(r.Flows)
	rep.RunStarted(n, 2)
	rep.FlowStarted(r.Flows[0].ID)
	for i, f := range r.Flows {
		if i+1 < n {
			rep.FlowStarted(r.Flows[i+1].ID)
		}
		rep.FlowEnded(f, i+1, n)
	}
	require.NoError(t, rep.RunEnded(r))
}

// reportGolden compares got with testdata/report_list/name, rewriting it under -update.
func reportGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "report_list", name)
	if reportUpdating() {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./artifacts -run TestListReporter -update to create it")
	require.Equal(t, string(want), string(got), "output differs from %s (rerun with -update if intended)", path)
}

var reportSGR = regexp.MustCompile("\x1b\\[[0-9;]*m")

// reportScreen plays terminal output: "\r\x1b[2K" erases the current line. It returns what
// stays on screen, and fails when a line erased (the live status line) did not fit in width-1
// columns: a wrapped line cannot be erased.
func reportScreen(t *testing.T, out string, width int) string {
	t.Helper()
	var screen []string
	cur := ""
	for i := 0; i < len(out); {
		switch {
		case strings.HasPrefix(out[i:], "\r\x1b[2K"):
			require.LessOrEqual(t, utf8.RuneCountInString(reportSGR.ReplaceAllString(cur, "")), width-1, "status line wider than the terminal: %q", cur)
			cur = ""
			i += len("\r\x1b[2K")
		case out[i] == '\n':
			screen = append(screen, cur)
			cur = ""
			i++
		default:
			j := i + 1
			for j < len(out) && out[j] != '\n' && out[j] != '\r' {
				j++
			}
			cur += out[i:j]
			i = j
		}
	}
	require.Empty(t, cur, "the live status line is left on screen")
	return strings.Join(screen, "\n") + "\n"
}

func TestListReporterPlain(t *testing.T) {
	var out bytes.Buffer
	reportReplay(t, report.NewListReporter(&out, report.ListOptions{Dir: "test-results"}), reportWhole(t))
	got := out.String()
	require.NotContains(t, got, "\x1b", "no ANSI escapes without a TTY")
	require.NotContains(t, got, "\r")
	require.Contains(t, got, "  ✓  [1/7] login (1.2s)\n")
	require.Contains(t, got, "  ✘  [2/7] add favourite (6.2s)\n")
	require.Contains(t, got, "    artifacts: test-results/add-favourite-retry1/\n")
	require.Contains(t, got, "  ±  [4/7] checkout (12.0s)\n")
	require.Contains(t, got, "  2 passed, 2 failed, 1 flaky, 1 skipped, 1 interrupted (17.0s)\n")
	reportGolden(t, "plain.golden", out.Bytes())
}

func TestListReporterVerbose(t *testing.T) {
	var out bytes.Buffer
	reportReplay(t, report.NewListReporter(&out, report.ListOptions{Verbose: true}), reportWhole(t))
	got := out.String()
	// Both failed attempts, with their details and folders.
	require.Contains(t, got, "    attempt 1 of 2 failed\n")
	require.Contains(t, got, "    artifacts: add-favourite/\n")
	require.Contains(t, got, "    artifacts: add-favourite-retry1/\n")
	require.Contains(t, got, "flows/shop_favourites.go:42")
	reportGolden(t, "verbose.golden", out.Bytes())
}

func TestListReporterTTY(t *testing.T) {
	var out bytes.Buffer
	opts := report.ListOptions{TTY: true, Color: true, Dir: "test-results", Width: 60}
	reportReplay(t, report.NewListReporter(&out, opts), reportWhole(t))
	got := out.String()
	require.Contains(t, got, "\x1b[32m✓\x1b[0m", "coloured marks")
	require.Contains(t, got, "running 2: login, add favourite", "the status line names the running flows")
	reportGolden(t, "tty.golden", out.Bytes())

	// Once the status line is taken back, the screen holds what a log would.
	var plain bytes.Buffer
	reportReplay(t, report.NewListReporter(&plain, report.ListOptions{Dir: "test-results"}), reportWhole(t))
	require.Equal(t, plain.String(), reportSGR.ReplaceAllString(reportScreen(t, got, 60), ""))
}

func TestListReporterSummaryLists(t *testing.T) {
	var out bytes.Buffer
	reportReplay(t, report.NewListReporter(&out, report.ListOptions{}), reportWhole(t))
	_, summary, ok := strings.Cut(out.String(), "  2 passed,")
	require.True(t, ok)
	require.Contains(t, summary, "\n  failed (2):\n    add favourite\n    Add favourite!\n")
	require.Contains(t, summary, "\n  flaky (1):\n    checkout\n")
	require.NotContains(t, summary, "login")
}

func TestListReporterNoInterruptedCountWhenNone(t *testing.T) {
	var out bytes.Buffer
	r := &report.RunReport{DurationMS: 850, Status: report.StatusPassed,
		Flows: []report.FlowReport{{ID: "login", Status: report.StatusPassed, DurationMS: 850}}}
	r.Totals.Add(report.StatusPassed)
	reportReplay(t, report.NewListReporter(&out, report.ListOptions{}), r)
	require.Equal(t, "Running 1 flow using 2 workers\n\n  ✓  [1/1] login (850ms)\n\n  1 passed, 0 failed, 0 flaky, 0 skipped (850ms)\n", out.String())
}

// TestListReporterConcurrent has many workers report at once: every line must come out whole,
// once. Run with -race to check the locking too.
func TestListReporterConcurrent(t *testing.T) {
	for _, tty := range []bool{false, true} {
		t.Run(fmt.Sprint("tty=", tty), func(t *testing.T) {
			var out bytes.Buffer
			rep := report.NewListReporter(&out, report.ListOptions{TTY: tty, Width: 50})
			const workers, each = 8, 25
			rep.RunStarted(workers*each, workers)
			var wg sync.WaitGroup
			var mu sync.Mutex
			done := 0
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						id := fmt.Sprintf("flow-%d-%d", w, i)
						rep.FlowStarted(id)
						mu.Lock()
						done++
						n := done
						mu.Unlock()
						rep.FlowEnded(report.FlowReport{ID: id, Status: report.StatusFailed, DurationMS: 10,
							Attempts: []report.AttemptReport{{Status: report.StatusFailed, Dir: id,
								Failure: &report.Failure{Message: "boom " + id, Step: "step of " + id}}}}, n, workers*each)
					}
				}()
			}
			wg.Wait()
			require.NoError(t, rep.RunEnded(&report.RunReport{}))
			screen := out.String()
			if tty {
				screen = reportScreen(t, screen, 50)
			}
			for w := range workers {
				for i := range each {
					id := fmt.Sprintf("flow-%d-%d", w, i)
					block := fmt.Sprintf(" %s (10ms)\n    step: step of %s\n    error: boom %s\n    artifacts: %s/\n", id, id, id, id)
					require.Equal(t, 1, strings.Count(screen, block), "flow %s's lines are not whole", id)
				}
			}
		})
	}
}

// reportFailWriter fails every write.
type reportFailWriter struct{}

func (reportFailWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestListReporterStopsQuietlyWhenTheReaderGoes(t *testing.T) {
	w := &pipeGoneWriter{}
	rep := report.NewListReporter(w, report.ListOptions{})
	rep.RunStarted(2, 1)
	rep.FlowEnded(report.FlowReport{ID: "a", Name: "a", Status: report.StatusPassed}, 1, 2)
	require.NoError(t, rep.RunEnded(&report.RunReport{}), "e2e run | head is no error")
	require.Equal(t, 1, w.calls, "nothing more is written once the reader went")
}

// pipeGoneWriter fails like a pipe whose reader closed.
type pipeGoneWriter struct{ calls int }

func (w *pipeGoneWriter) Write([]byte) (int, error) {
	w.calls++
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}
}

func TestListReporterWriteError(t *testing.T) {
	rep := report.NewListReporter(reportFailWriter{}, report.ListOptions{})
	rep.RunStarted(1, 1)
	err := rep.RunEnded(&report.RunReport{})
	require.ErrorContains(t, err, "list reporter: write: disk full")
	require.Error(t, rep.RunEnded(nil))
}

// TestListReporterSaysWhyFlakyFailedTheRun: a run that failed with no failed flow, only flaky
// ones (--fail-on-flaky), says so under its counts; a passed run with a flaky flow does not.
func TestListReporterSaysWhyFlakyFailedTheRun(t *testing.T) {
	flaky := report.FlowReport{ID: "checkout", Status: report.StatusFlaky, DurationMS: 900, Attempts: []report.AttemptReport{
		{Status: report.StatusFailed, Failure: &report.Failure{Message: "boom"}}, {Retry: 1, Status: report.StatusPassed}}}
	for _, st := range []report.Status{report.StatusFailed, report.StatusPassed} {
		var out bytes.Buffer
		r := &report.RunReport{DurationMS: 900, Status: st, Flows: []report.FlowReport{flaky}}
		r.Totals.Add(report.StatusFlaky)
		reportReplay(t, report.NewListReporter(&out, report.ListOptions{}), r)
		line := "  0 passed, 0 failed, 1 flaky, 0 skipped (900ms)\n  failed: 1 flaky flow and --fail-on-flaky\n"
		if st == report.StatusFailed {
			require.Contains(t, out.String(), line)
		} else {
			require.NotContains(t, out.String(), "--fail-on-flaky")
		}
	}
}

// TestListReporterMergeHeader: merging shards' reports says so, not that flows run on workers.
func TestListReporterMergeHeader(t *testing.T) {
	var out bytes.Buffer
	r := &report.RunReport{DurationMS: 850, Status: report.StatusPassed, Workers: 4,
		Flows: []report.FlowReport{{ID: "login", Status: report.StatusPassed, DurationMS: 850}}}
	r.Totals.Add(report.StatusPassed)
	reportReplay(t, report.NewListReporter(&out, report.ListOptions{MergedShards: 2}), r)
	require.True(t, strings.HasPrefix(out.String(), "Merging 2 shards: 1 flow\n\n"), out.String())
}

// TestListReporterListsEverySoftFailure: a flow that went on after its first failure lists the
// failures after it, a line each with where and in which step, up to a bound and a count.
func TestListReporterListsEverySoftFailure(t *testing.T) {
	more := []report.Failure{{Message: "cart count: expected 1, found 0", Step: "check the cart",
		Location: &report.Location{File: "/src/suite/flows.go", Line: 34}}}
	for i := range 6 {
		more = append(more, report.Failure{Message: fmt.Sprintf("row %d: expected 1, found 2\nmore text", i)})
	}
	f := report.FlowReport{ID: "checkout", Status: report.StatusFailed, Attempts: []report.AttemptReport{{
		Status: report.StatusFailed, Failure: &report.Failure{Message: `heading: expected "Shop", found "Welcome"`,
			Location: &report.Location{File: "/src/suite/flows.go", Line: 31}, More: more}}}}
	var out bytes.Buffer
	rep := report.NewListReporter(&out, report.ListOptions{Cwd: "/src/suite"})
	reportReplay(t, rep, &report.RunReport{Flows: []report.FlowReport{f}, Status: report.StatusFailed})
	got := out.String()
	require.Contains(t, got, "    at: flows.go:31\n    error: heading: expected \"Shop\", found \"Welcome\"\n"+
		"    and 7 more failures:\n"+
		"      flows.go:34: step \"check the cart\": cart count: expected 1, found 0\n"+
		"      row 0: expected 1, found 2\n", got)
	require.Contains(t, got, "      row 3: expected 1, found 2\n      +2 more: see error.txt\n", got)
	require.NotContains(t, got, "row 4", "bounded")
	require.NotContains(t, got, "step: ", "a failure between steps names no step")
}
