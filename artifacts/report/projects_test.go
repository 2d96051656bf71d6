package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// projectShard is shard i of a run of login under two projects: one flow, in its project.
func projectShard(t *testing.T, dir, project string, i int, status report.Status) *report.RunReport {
	t.Helper()
	f := report.FlowReport{ID: "[" + project + "] login", Name: "login", Project: project, Status: status, DurationMS: 1200,
		Attempts: []report.AttemptReport{{Status: status, Started: reportT0, DurationMS: 1200}}}
	if status == report.StatusFailed {
		rel := project + "-login"
		f.Error = "heading \"Welcome\" not visible after 5s"
		f.Attempts[0].Failure = reportFailure(f.Error)
		f.Attempts[0].Dir, f.Attempts[0].Artifacts = rel, reportAttemptFiles(t, dir, rel, project, color.RGBA{200, 0, 0, 255})
	}
	r := &report.RunReport{Started: reportT0, DurationMS: 1300, Status: status, Workers: 1, Shard: fmt.Sprintf("%d/2", i),
		BaseURL: "http://127.0.0.1:8080", Flows: []report.FlowReport{f}}
	r.Totals.Add(status)
	require.NoError(t, report.NewJSONReporter(filepath.Join(dir, "report.json")).RunEnded(r))
	return r
}

// TestEveryReporterNamesTheProject: the list, JSON, JUnit, HTML and GitHub reporters each say
// which project a flow ran in, and merging the shards of a run keeps it.
func TestEveryReporterNamesTheProject(t *testing.T) {
	root := t.TempDir()
	d1, d2 := filepath.Join(root, "s1"), filepath.Join(root, "s2")
	r1 := projectShard(t, d1, "desktop", 1, report.StatusPassed)
	r2 := projectShard(t, d2, "mobile", 2, report.StatusFailed)
	out := filepath.Join(root, "merged")
	m, _, err := report.MergeRunReports([]*report.RunReport{r1, r2}, []string{d1, d2}, out)
	require.NoError(t, err)
	require.Len(t, m.Flows, 2)
	require.Equal(t, []string{"desktop", "mobile"}, []string{m.Flows[0].Project, m.Flows[1].Project})
	require.Equal(t, "[mobile] login", m.Flows[1].ID)

	var list bytes.Buffer
	lr := report.NewListReporter(&list, report.ListOptions{})
	lr.RunStarted(2, 1)
	for i, f := range m.Flows {
		lr.FlowEnded(f, i+1, 2)
	}
	require.NoError(t, lr.RunEnded(m))
	require.Contains(t, list.String(), "[1/2] [desktop] login")
	require.Contains(t, list.String(), "[2/2] [mobile] login")

	for _, r := range []report.Reporter{report.NewJSONReporter(filepath.Join(out, "report.json")),
		report.NewJUnitReporter(filepath.Join(out, "junit.xml")), report.NewHTMLReporter(filepath.Join(out, "index.html"))} {
		require.NoError(t, r.RunEnded(m))
	}
	var back report.RunReport
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &back))
	require.Equal(t, "mobile", back.Flows[1].Project)
	require.Contains(t, string(data), `"project": "mobile"`)

	junit, err := os.ReadFile(filepath.Join(out, "junit.xml"))
	require.NoError(t, err)
	require.Contains(t, string(junit), `<testcase name="[desktop] login" classname="e2e.flows.desktop"`)
	require.Contains(t, string(junit), `<testcase name="[mobile] login" classname="e2e.flows.mobile"`)

	html, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	require.Contains(t, string(html), `data-flow-id="[mobile] login" data-project="mobile"`)
	require.Contains(t, string(html), `>[mobile] login</span>`)

	var gh bytes.Buffer
	require.NoError(t, report.NewGitHubReporter(&gh, report.GitHubOptions{Root: root}).RunEnded(m))
	require.Contains(t, gh.String(), "title=[mobile] login::")
}
