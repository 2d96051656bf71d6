package runner_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/audit"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/axe"
	"github.com/e2e-dev/e2e/internal/runner"
	"github.com/e2e-dev/e2e/pages"
)

// TestTabCloseInARun: a flow closes a popup and a tab it opened, then fails; another closes
// even its first tab, then fails. With the a11y audit, the trace and every artifact on, each
// failure is reported with the evidence there is (a closed tab's network, no screenshot of it),
// error.txt says the first tab was closed, and nothing panics or waits on a closed tab.
func TestTabCloseInARun(t *testing.T) {
	popupClosed := flows.Flow{Name: "closes a popup", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		pop := f.Tab.ExpectPopup(func() { f.Tab.GetByRole("link", pages.Name("Popup")).Click() })
		pages.Expect(pop.GetByRole("img")).ToBeVisible()
		pop.Close()
		require.True(f, pop.IsClosed())
		second := f.NewTab()
		second.Goto("/form")
		second.Close()
		f.Tab.GetByRole("heading", pages.Name("Missing")).Click()
	}}
	firstClosed := flows.Flow{Name: "closes its first tab", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		other := f.NewTab()
		other.Goto("/form")
		f.Tab.Close()
		pages.Expect(other.GetByRole("textbox")).ToBeVisible()
		f.Errorf("failed after closing the first tab")
	}}
	base, dir := a11yApp(t), filepath.Join(t.TempDir(), "test-results")
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows: []flows.Flow{popupClosed, firstClosed}, Workers: 1, FlowTimeout: 60 * time.Second, Browser: browser.Options{Headless: true},
		ArtifactsDir: dir, ArtifactsMode: artifacts.ModeOn,
		Env: runner.Env{BaseURL: base, ActionTimeout: 2 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{}, Trace: artifacts.ModeOn,
			Audit: &runner.AuditOptions{A11y: audit.A11y{Level: audit.LevelWarn, Axe: axe.Options{Tags: audit.A11yTags}}}},
	})
	require.NoError(t, err)
	require.Len(t, rep.Flows, 2)

	at := rep.Flows[0].Attempts[0]
	require.Equal(t, report.StatusFailed, at.Status)
	require.Contains(t, at.Failure.Message, `"Missing"`)
	steps := strings.Join(stepNamesOf(at.Steps), "\n")
	require.Contains(t, steps, "[tab 2] page: close")
	require.Contains(t, steps, "[tab 3] page: close")
	require.Contains(t, at.Artifacts, report.ArtifactScreenshot, "the first tab, open, is captured")
	require.Contains(t, at.Artifacts, report.ArtifactTrace)
	require.Contains(t, at.Artifacts, "tab 2 "+report.ArtifactHAR, "a closed tab's network is kept")
	require.NotContains(t, at.Artifacts, "tab 2 "+report.ArtifactScreenshot, "a closed tab has no screenshot")
	require.NotContains(t, at.Artifacts, "tab 3 "+report.ArtifactScreenshot)
	require.NotContains(t, string(mustRead(t, filepath.Join(dir, at.Artifacts[report.ArtifactError]))), "not collected")

	at = rep.Flows[1].Attempts[0]
	require.Equal(t, report.StatusFailed, at.Status)
	require.Contains(t, at.Failure.Message, "failed after closing the first tab")
	require.Contains(t, stepNamesOf(at.Steps), "page: close")
	require.NotContains(t, at.Artifacts, report.ArtifactScreenshot)
	require.Contains(t, at.Artifacts, "tab 2 "+report.ArtifactScreenshot, "the tab still open is captured")
	require.Contains(t, at.Artifacts, report.ArtifactHAR)
	errTxt := string(mustRead(t, filepath.Join(dir, at.Artifacts[report.ArtifactError])))
	require.Contains(t, errTxt, "not collected: screenshot, dom: the flow closed its first tab (Tab.Close)")
	require.NotNil(t, at.Audit)
	for _, f := range at.Audit.Findings {
		require.NotContains(t, f.Message, "closed", "no audit error of the closed tab: %v", f)
	}
	for _, fl := range rep.Flows {
		var tr report.Trace
		require.NoError(t, json.Unmarshal(mustRead(t, filepath.Join(dir, fl.Attempts[0].Artifacts[report.ArtifactTrace])), &tr))
		require.Empty(t, tr.Notes, "%s: the trace captures no closed tab", fl.Name)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func stepNamesOf(steps []report.StepReport) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.Name)
	}
	return out
}
