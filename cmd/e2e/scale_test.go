package main

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/reportpage"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// TestSeventyFlowsWithTwoWorkers is the runner at scale: 70 flows (--repeat-each 10) on two
// workers pass with none flaky, write all four reports, and the HTML report, opened in
// Chromium through our own page object, shows every flow.
func TestSeventyFlowsWithTwoWorkers(t *testing.T) {
	c := newCLI(t)
	code := c.run("run", "--repeat-each", "10", "--workers", "2", "--retries", "1", "--reporter", "list,junit,json,html")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.out.String(), "70 passed, 0 failed, 0 flaky, 0 skipped")

	dir := filepath.Join(c.dir, "test-results")
	rep, err := report.ReadRunReport(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.Totals{Total: 70, Passed: 70}, rep.Totals)
	workers := map[int]int{}
	for _, f := range rep.Flows {
		require.Len(t, f.Attempts, 1, "%s ran once: no retry was needed", f.ID)
		workers[f.Attempts[0].Worker]++
	}
	require.Len(t, workers, 2, "both workers ran flows")
	cpus, err := browser.AllowedCPUs()
	require.NoError(t, err)
	if len(cpus) == 2 { // run.pin_workers: auto, two workers on two CPUs
		require.Equal(t, [][]int{{cpus[0]}, {cpus[1]}}, rep.WorkerCPUs, "each worker's browser on a CPU of its own")
	} else {
		require.Empty(t, rep.WorkerCPUs, "auto pins only as many workers as CPUs")
	}

	var junit struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "junit.xml"))
	require.NoError(t, err)
	require.NoError(t, xml.Unmarshal(b, &junit))
	require.Equal(t, 70, junit.Tests)
	require.Zero(t, junit.Failures)

	report := openReport(t, filepath.Join(dir, "index.html"))
	totals := report.Totals()
	require.Equal(t, 70, totals["total"])
	require.Equal(t, 70, totals["passed"])
	shown := report.VisibleFlows()
	require.ElementsMatch(t, flowIDs(rep.Flows), reportIDs(shown))
}

// TestShardsMergeIntoOneReport runs the suite as two shards and merges their reports: each flow
// ran exactly once, and the merged reports hold them all.
func TestShardsMergeIntoOneReport(t *testing.T) {
	c := newCLI(t)
	var all []string
	for _, shard := range []string{"1/2", "2/2"} {
		dir := "shard-" + shard[:1]
		code := c.run("run", "--shard", shard, "--artifacts-dir", dir, "--shop-fault", "PUT /api/favourites/*=500")
		require.Contains(t, []int{0, 1}, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
		rep, err := report.ReadRunReport(filepath.Join(c.dir, dir, "report.json"))
		require.NoError(t, err, "a shard writes report.json without being asked")
		require.Equal(t, shard, rep.Shard)
		all = append(all, flowIDs(rep.Flows)...)
	}
	sort.Strings(all)
	require.Equal(t, []string{"add favourite", "login", "logout", "profile", "protected redirect", "remove favourite", "signup"}, all,
		"the shards together run every flow exactly once")

	code := c.run("merge-reports", "shard-1", "shard-2", "-o", "merged")
	require.Equal(t, 1, code, "the merged run failed as its shards did; stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.out.String(), "5 passed, 2 failed")
	require.Contains(t, c.out.String(), "Merging 2 shards: 7 flows\n", "it merges, nothing runs")
	require.NotContains(t, c.errb.String(), "warning", "each shard's whole folder is there")
	merged, err := report.ReadRunReport(filepath.Join(c.dir, "merged", "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.Totals{Total: 7, Passed: 5, Failed: 2}, merged.Totals)
	for _, f := range merged.Flows {
		if f.Status == report.StatusFailed {
			for _, p := range f.Attempts[0].Artifacts {
				require.FileExists(t, filepath.Join(c.dir, "merged", p), "merged artifacts are copied in")
			}
		}
	}
	require.FileExists(t, filepath.Join(c.dir, "merged", "junit.xml"))
	report := openReport(t, filepath.Join(c.dir, "merged", "index.html"))
	shown := report.VisibleFlows()
	require.Len(t, shown, 7)
}

// openReport opens an HTML report in real Chromium through the report page object.
func openReport(t *testing.T, path string) *reportpage.Page {
	t.Helper()
	b := fixture.NewTestBrowser(t)
	inc, err := b.NewContext(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() { _ = inc.Close() })
	page, err := inc.Rod.Page(proto.TargetCreateTarget{URL: "about:blank"})
	require.NoError(t, err)
	r := reportpage.New(pages.NewTab(t, page, pages.TabOptions{Timeout: 10 * time.Second}))
	r.OpenFile(path)
	return r
}

func flowIDs(fs []report.FlowReport) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	return ids
}

func reportIDs(fs []reportpage.Flow) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	return ids
}

// TestPinWorkersFlag runs two workers with --pin-workers on and off: report.json says where
// their browsers ran (the runner's tests check the processes themselves).
func TestPinWorkersFlag(t *testing.T) {
	cpus, err := browser.AllowedCPUs()
	require.NoError(t, err)
	for _, tc := range []struct {
		mode string
		want int // pinned workers
	}{{"on", 2}, {"off", 0}} {
		t.Run(tc.mode, func(t *testing.T) {
			c := newCLI(t)
			code := c.run("run", "--grep", "^login$", "--repeat-each", "2", "--workers", "2", "--pin-workers", tc.mode, "--reporter", "json")
			require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
			rep, err := report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
			require.NoError(t, err)
			want := tc.want
			if len(cpus) < 2 {
				want = 0 // one CPU: nothing to split
			}
			require.Len(t, rep.WorkerCPUs, want, "worker_cpus: %v", rep.WorkerCPUs)
		})
	}
}
