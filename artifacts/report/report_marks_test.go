package report_test

import (
	"bytes"
	"os"
	"path/filepath"
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
