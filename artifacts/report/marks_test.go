package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// marksRun is a run whose flows carry tags and annotations: a slow tagged pass, a skip with its
// reason, a fixme, and a failure with its source location.
func marksRun(cwd string) *report.RunReport {
	r := &report.RunReport{Status: report.StatusFailed, DurationMS: 9000, Flows: []report.FlowReport{
		{ID: "login", Status: report.StatusPassed, DurationMS: 1200, Tags: []string{"@smoke", "@auth"},
			Annotations: []report.Annotation{{Type: report.AnnotationSlow}},
			Attempts:    []report.AttemptReport{{Status: report.StatusPassed}}},
		{ID: "pay", Status: report.StatusSkipped, Tags: []string{"@payments"},
			Annotations: []report.Annotation{{Type: report.AnnotationSkip, Description: "no payments on staging"}}},
		{ID: "cart", Status: report.StatusSkipped, Annotations: []report.Annotation{{Type: report.AnnotationFixme, Description: "#123 the total is off"}}},
		{ID: "greet", Status: report.StatusFailed, DurationMS: 800, Error: "expected 200, found 500",
			Attempts: []report.AttemptReport{{Status: report.StatusFailed, Failure: &report.Failure{Message: "expected 200, found 500", Step: "greet",
				Location: &report.Location{File: filepath.Join(cwd, "suite", "flows.go"), Line: 42}}}}},
	}}
	for _, f := range r.Flows {
		r.Totals.Add(f.Status)
	}
	return r
}

// TestReportersShowTagsAndAnnotations: tags, skip and fixme reasons, slow and a failure's line
// are in every reporter: the list, JUnit, JSON, HTML and GitHub's summary.
func TestReportersShowTagsAndAnnotations(t *testing.T) {
	cwd := t.TempDir()
	r := marksRun(cwd)
	var out bytes.Buffer
	reportReplay(t, report.NewListReporter(&out, report.ListOptions{Cwd: cwd}), r)
	list := out.String()
	assert.Contains(t, list, "  ✓  [1/4] login @smoke @auth (1.2s, slow)\n")
	assert.Contains(t, list, "  -  [2/4] pay @payments (skipped: no payments on staging)\n")
	assert.Contains(t, list, "  -  [3/4] cart (fixme: #123 the total is off)\n")
	assert.Contains(t, list, "  ✘  [4/4] greet (800ms)\n    step: greet\n    at: suite/flows.go:42\n    error: expected 200, found 500\n")

	dir := t.TempDir()
	path, doc := reportWriteJUnit(t, dir, r)
	require.NoError(t, reportValidate(t, path), "tags and annotations keep junit.xml valid")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	junit := string(data)
	assert.Contains(t, junit, `<skipped message="no payments on staging"></skipped>`)
	assert.Contains(t, junit, `<skipped message="fixme: #123 the total is off"></skipped>`)
	assert.Contains(t, junit, "tags: @smoke @auth\nannotation: slow\n")
	assert.Contains(t, junit, "step: greet\nat: "+filepath.Join(cwd, "suite", "flows.go")+":42\nexpected 200, found 500")
	assert.NotEmpty(t, doc)

	require.NoError(t, report.NewJSONReporter(filepath.Join(dir, "report.json")).RunEnded(r))
	back, err := report.ReadRunReport(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	assert.Equal(t, r.Flows[0].Tags, back.Flows[0].Tags)
	assert.Equal(t, r.Flows[1].Annotations, back.Flows[1].Annotations)
	assert.Equal(t, r.Flows[3].Attempts[0].Failure.Location, back.Flows[3].Attempts[0].Failure.Location)

	html := reportWriteHTML(t, dir, r)
	assert.Contains(t, html, `<span class="tag" data-testid="report-flow-tag">@smoke</span>`)
	assert.Contains(t, html, `data-testid="report-flow-annotation" title="no payments on staging">skip: no payments on staging</span>`)
	assert.Contains(t, html, `data-testid="report-error-location">at <code>`+filepath.Join(cwd, "suite", "flows.go")+`:42</code>`)

	summary := filepath.Join(t.TempDir(), "summary.md")
	var gh bytes.Buffer
	reportReplay(t, report.NewGitHubReporter(&gh, report.GitHubOptions{Root: cwd, Summary: summary}), r)
	md, err := os.ReadFile(summary)
	require.NoError(t, err)
	assert.Contains(t, string(md), "| ⏭️ skipped | pay @payments |  | no payments on staging |  |\n")
	assert.Contains(t, string(md), "| ⏭️ skipped | cart |  | fixme: \\#123 the total is off |  |\n")
	assert.Equal(t, "::error file=suite/flows.go,line=42,title=greet::greet: expected 200, found 500\n", gh.String())
}

// TestTheSetupIsNoFlow: the app's setup pseudo-flow is listed without a place among the flows
// and counted apart, but its failure fails the run, merged too.
func TestTheSetupIsNoFlow(t *testing.T) {
	setup := report.FlowReport{ID: "setup", Name: "setup", Setup: true, Status: report.StatusFailed, DurationMS: 300,
		Error: "app.seed: sql seed.sql: syntax error"}
	login := report.FlowReport{ID: "login", Status: report.StatusPassed, DurationMS: 1200, Attempts: []report.AttemptReport{{Status: report.StatusPassed}}}
	require.Equal(t, report.Totals{Total: 1, Passed: 1}, report.CountFlows([]report.FlowReport{setup, login}))
	require.True(t, report.SetupFailed([]report.FlowReport{setup, login}))
	require.False(t, report.SetupFailed([]report.FlowReport{login}))

	var out bytes.Buffer
	l := report.NewListReporter(&out, report.ListOptions{})
	l.RunStarted(1, 1)
	l.FlowEnded(setup, 0, 1)
	l.FlowEnded(login, 1, 1)
	require.NoError(t, l.RunEnded(&report.RunReport{Flows: []report.FlowReport{setup, login}, DurationMS: 1500}))
	assert.True(t, strings.HasPrefix(out.String(), "Running 1 flow using 1 worker\n\n  ✘  setup (300ms)\n    error: app.seed: sql seed.sql: syntax error\n  ✓  [1/1] login (1.2s)\n\n  1 passed, 0 failed"), out.String())

	dir := t.TempDir()
	shard := func(name string, fs ...report.FlowReport) string {
		d := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(d, 0o755))
		r := &report.RunReport{Status: report.StatusPassed, Flows: fs, Totals: report.CountFlows(fs)}
		require.NoError(t, report.NewJSONReporter(filepath.Join(d, "report.json")).RunEnded(r))
		return d
	}
	logout := login
	logout.ID = "logout"
	a, b := shard("a", setup, login), shard("b", logout)
	ra, err := report.ReadRunReport(filepath.Join(a, "report.json"))
	require.NoError(t, err)
	rb, err := report.ReadRunReport(filepath.Join(b, "report.json"))
	require.NoError(t, err)
	m, _, err := report.MergeRunReports([]*report.RunReport{ra, rb}, []string{a, b}, filepath.Join(dir, "merged"))
	require.NoError(t, err)
	assert.Equal(t, report.Totals{Total: 2, Passed: 2}, m.Totals)
	assert.Equal(t, report.StatusFailed, m.Status, "a shard's setup failed")
}

// TestReportersMarkAFlowRerunAfterALostBrowser: a flow run again after its worker's browser
// died is marked so in every reporter, with why; it passed on its only attempt that counted.
func TestReportersMarkAFlowRerunAfterALostBrowser(t *testing.T) {
	why := `re-run once after a lost browser: grid node went away (websocket closed, code 1006: unexpected EOF), in step "login page: log in"`
	r := &report.RunReport{Status: report.StatusPassed, DurationMS: 3000, Flows: []report.FlowReport{
		{ID: "login", Status: report.StatusPassed, DurationMS: 1200,
			Annotations: []report.Annotation{{Type: report.AnnotationLostBrowser, Description: why}},
			Attempts:    []report.AttemptReport{{Status: report.StatusPassed}}},
	}}
	r.Totals.Add(report.StatusPassed)
	var out bytes.Buffer
	reportReplay(t, report.NewListReporter(&out, report.ListOptions{}), r)
	assert.Contains(t, out.String(), "  ✓  [1/1] login (1.2s, re-run after a lost browser)\n")

	dir := t.TempDir()
	path, _ := reportWriteJUnit(t, dir, r)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), "annotation: lost-browser: re-run once after a lost browser: grid node went away")

	require.NoError(t, report.NewJSONReporter(filepath.Join(dir, "report.json")).RunEnded(r))
	back, err := report.ReadRunReport(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	assert.Equal(t, r.Flows[0].Annotations, back.Flows[0].Annotations)

	html := reportWriteHTML(t, dir, r)
	assert.Contains(t, html, `data-testid="report-flow-annotation" title="re-run once after a lost browser: grid node went away`)

	var gh bytes.Buffer
	reportReplay(t, report.NewGitHubReporter(&gh, report.GitHubOptions{}), r)
	assert.Equal(t, "::notice title=login (re-run after a lost browser)::"+why+"\n", gh.String())
}
