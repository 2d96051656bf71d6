package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// githubRun is a run of five flows against a repository at root holding suite/flows.go: one
// passed; greet failed at a line of that file, then twice more (soft failures); home was flaky,
// its location known by module path (-trimpath); engine failed at a line outside the
// repository; stalled has no failure location, only its flow's; engine's message names its
// step already.
func githubRun(t *testing.T, root string) *report.RunReport {
	t.Helper()
	src := filepath.Join(root, "suite", "flows.go")
	require.NoError(t, os.MkdirAll(filepath.Dir(src), 0o755))
	require.NoError(t, os.WriteFile(src, []byte("package suite\n"), 0o644))
	failed := func(msg, step string, loc *report.Location) []report.AttemptReport {
		return []report.AttemptReport{{Status: report.StatusFailed, Dir: "x", Failure: &report.Failure{Message: msg, Step: step, Location: loc}}}
	}
	r := &report.RunReport{Status: report.StatusFailed, DurationMS: 5200, Shard: "2/4", Flows: []report.FlowReport{
		{ID: "login", Status: report.StatusPassed, Attempts: []report.AttemptReport{{Status: report.StatusPassed}}},
		{ID: "greet", Status: report.StatusFailed, Attempts: failed("status of the greeting: expected 200, found 500\nmore", "greet › check", &report.Location{File: src, Line: 7})},
		{ID: "home, the form", Status: report.StatusFlaky, Attempts: append(failed("100% not there: | `x`", "", &report.Location{File: "example.com/myapp-e2e/suite/flows.go", Line: 3}),
			report.AttemptReport{Retry: 1, Status: report.StatusPassed})},
		{ID: "engine", Status: report.StatusFailed, Attempts: failed("audit: boom", "audit", &report.Location{File: "/usr/lib/go/src/runtime/panic.go", Line: 9})},
		{ID: "stalled", Status: report.StatusFailed, Location: &report.Location{File: src, Line: 2}, Attempts: failed("flow timed out after 60s", "", nil)},
	}}
	r.Flows[1].Attempts[0].Dir = "greet"
	r.Flows[1].Attempts[0].Failure.More = []report.Failure{{Message: "count: expected 1, found 0", Step: "greet › count", Location: &report.Location{File: src, Line: 9}},
		{Message: "elsewhere", Location: &report.Location{File: "/usr/lib/go/src/x.go", Line: 1}}}
	for _, f := range r.Flows {
		r.Totals.Add(f.Status)
	}
	return r
}

// TestGitHubReporterAnnotatesTheFailingLines: an ::error per failed flow at its file and line
// relative to the repository (a file outside it is not named), a ::warning per flaky flow, the
// values escaped as GitHub's toolkit does, and the summary appended in markdown.
func TestGitHubReporterAnnotatesTheFailingLines(t *testing.T) {
	root := t.TempDir()
	r := githubRun(t, root)
	summary := filepath.Join(t.TempDir(), "summary.md")
	require.NoError(t, os.WriteFile(summary, []byte("earlier step\n"), 0o644))
	var out bytes.Buffer
	rep := report.NewGitHubReporter(&out, report.GitHubOptions{Root: root, Summary: summary, Dir: "test-results",
		BlobURL: "https://github.com/o/r/blob/abc"})
	reportReplay(t, rep, r)
	require.Equal(t, strings.Join([]string{
		"::error file=suite/flows.go,line=7,title=greet::greet › check: status of the greeting: expected 200, found 500 (and 2 more failures)",
		"::error file=suite/flows.go,line=9,title=greet (failed too)::greet › count: count: expected 1, found 0",
		"::warning file=suite/flows.go,line=3,title=home%2C the form (flaky%3A passed on a retry)::100%25 not there: | `x`",
		"::error title=engine::audit: boom", // a message naming its step already: not twice
		"::error file=suite/flows.go,line=2,title=stalled::flow timed out after 60s",
	}, "\n")+"\n", out.String())

	md, err := os.ReadFile(summary)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(md), "earlier step\n### ❌ e2e (shard 2/4): 1 passed, 3 failed, 1 flaky, 0 skipped (5.2s)\n"), string(md))
	require.Contains(t, string(md), "| ❌ failed | greet | [suite/flows.go:7](https://github.com/o/r/blob/abc/suite/flows.go#L7) | greet › check: status of the greeting: expected 200, found 500 (and 2 more failures) | `test-results/greet/` |\n")
	require.Contains(t, string(md), "| ⚠️ flaky | home, the form | [suite/flows.go:3](https://github.com/o/r/blob/abc/suite/flows.go#L3) | 100% not there: \\| \\`x\\` | `test-results/x/` |\n")
	require.Contains(t, string(md), "| ❌ failed | engine |  | audit: boom |")
	require.NotContains(t, string(md), "| login |", "passed flows are counted, not listed")
}

// The summary's audit findings name the pages they were seen on, with their flows.
func TestGitHubSummaryFindings(t *testing.T) {
	r := githubRun(t, t.TempDir())
	for i := range 2 {
		r.Flows[i].Attempts[0].Audit = &report.AuditReport{Findings: []report.Finding{{Rule: "a11y.image-alt", Level: report.LevelWarn,
			Where: []string{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/products/6"}[i], Message: "Images must have alternative text (critical)"}}}
	}
	summary := filepath.Join(t.TempDir(), "summary.md")
	reportReplay(t, report.NewGitHubReporter(&bytes.Buffer{}, report.GitHubOptions{Summary: summary}), r)
	md, err := os.ReadFile(summary)
	require.NoError(t, err)
	require.Contains(t, string(md), "<details><summary>audit findings (1)</summary>\n\n| level | rule | host | finding | seen on |\n|---|---|---|---|---|\n"+
		"| warn | a11y.image-alt | 127.0.0.1:8080 | Images must have alternative text (critical) | 2 pages, 2 flows: /, /products/6 |\n")
}

// TestGitHubReporterSummaryNeedsAWritableFile: a summary that cannot be written is the report's
// error, as any report's is.
func TestGitHubReporterSummaryNeedsAWritableFile(t *testing.T) {
	r := githubRun(t, t.TempDir())
	rep := report.NewGitHubReporter(&bytes.Buffer{}, report.GitHubOptions{Summary: filepath.Join(t.TempDir(), "no", "such", "dir", "summary.md")})
	rep.RunStarted(len(r.Flows), 1)
	err := rep.RunEnded(r)
	require.ErrorContains(t, err, "github reporter: step summary: open ")
}

// TestGitHubOptionsFromEnv: the workspace is the root when GitHub names it, else the git
// repository around the working directory; links need the server, the repository and the commit.
func TestGitHubOptionsFromEnv(t *testing.T) {
	env := map[string]string{"GITHUB_WORKSPACE": "/w", "GITHUB_STEP_SUMMARY": "/s.md", "GITHUB_SERVER_URL": "https://github.com/",
		"GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "abc"}
	o := report.GitHubOptionsFromEnv(func(k string) string { return env[k] })
	require.Equal(t, report.GitHubOptions{Root: "/w", Summary: "/s.md", BlobURL: "https://github.com/o/r/blob/abc"}, o)

	repo, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	o = report.GitHubOptionsFromEnv(func(string) string { return "" })
	require.Equal(t, report.GitHubOptions{Root: repo}, o, "the checkout holding this package")
}

// TestGitHubReporterFlakyFailsTheRun: under --fail-on-flaky (the run failed, no flow did) each
// flaky flow is an ::error saying why, not a ::warning.
func TestGitHubReporterFlakyFailsTheRun(t *testing.T) {
	root := t.TempDir()
	r := githubRun(t, root)
	r.Flows = []report.FlowReport{r.Flows[0], r.Flows[2]} // login passed, home flaky
	r.Totals = report.CountFlows(r.Flows)
	var out bytes.Buffer
	reportReplay(t, report.NewGitHubReporter(&out, report.GitHubOptions{Root: root}), r)
	require.Equal(t, "::error file=suite/flows.go,line=3,title=home%2C the form (flaky%3A passed on a retry; --fail-on-flaky fails the run)::100%25 not there: | `x`\n", out.String())

	r.Status = report.StatusPassed // without --fail-on-flaky
	out.Reset()
	reportReplay(t, report.NewGitHubReporter(&out, report.GitHubOptions{Root: root}), r)
	require.True(t, strings.HasPrefix(out.String(), "::warning "), out.String())
}
