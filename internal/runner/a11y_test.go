package runner_test

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
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

// a11yApp serves a page axe passes (/), which opens a popup (/popup: an image without alt), one
// that closes itself (/closing), a form with an unlabelled input (/form), and a checkbox whose
// invalid state holds a secret, which axe's words on it quote (/aria).
func a11yApp(t *testing.T) string {
	t.Helper()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html lang="en"><head><title>a11y</title></head><body><main><h1>a11y</h1>%s</main></body></html>`, body)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/{$}", page(`<a href="/popup" target="_blank">Popup</a> <a href="/closing" target="_blank">Closing</a>`))
	mux.Handle("/popup", page(`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`))
	mux.Handle("/closing", page(`<button onclick="window.close()">Close</button>`))
	mux.Handle("/form", page(`<input type="text">`))
	mux.Handle("/aria", page(`<div role="checkbox" tabindex="0" aria-checked="zq-secret-zq">Agree</div>`))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestA11yAuditOfEveryTab: the a11y audit looks at the states of every tab of a flow, not only
// its first: a popup's, a tab of F.NewTab, a second context's. A popup that closed itself
// before the flow ended is no error of the audit. At warn the flow does not wait for axe's last
// runs, yet its report and its security.txt have their findings.
func TestA11yAuditOfEveryTab(t *testing.T) {
	flow := flows.Flow{Name: "tabs", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		pop := f.Tab.ExpectPopup(func() { f.Tab.GetByRole("link", pages.Name("Popup")).Click() })
		pages.Expect(pop.GetByRole("img")).ToBeVisible()
		closing := f.Tab.ExpectPopup(func() { f.Tab.GetByRole("link", pages.Name("Closing")).Click() })
		closing.GetByRole("button", pages.Name("Close")).Click()
		f.NewTab().Goto("/form")
		f.Secret("zq-secret-zq")
		f.NewTab().Goto("/aria")
		other := f.NewContext(nil)
		other.Tab.Goto("/form")
		pages.Expect(other.Tab.GetByRole("textbox")).ToBeVisible()
	}}
	base, dir := a11yApp(t), filepath.Join(t.TempDir(), "test-results")
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows: []flows.Flow{flow}, Workers: 1, FlowTimeout: 60 * time.Second, Browser: browser.Options{Headless: true},
		ArtifactsDir: dir, ArtifactsMode: artifacts.ModeOn,
		Env: runner.Env{BaseURL: base, ActionTimeout: 10 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{},
			Audit: &runner.AuditOptions{A11y: audit.A11y{Level: audit.LevelWarn, Axe: axe.Options{Tags: audit.A11yTags}}}},
	})
	require.NoError(t, err)
	fl := rep.Flows[0]
	require.Equal(t, report.StatusPassed, fl.Status, fl.Error)
	at := fl.Attempts[len(fl.Attempts)-1]
	require.NotNil(t, at.Audit)
	var got []string
	for _, f := range at.Audit.Findings {
		if strings.HasPrefix(f.Rule, "a11y") {
			got = append(got, f.Rule+" "+f.Where)
		}
		if f.Rule == "a11y.aria-valid-attr-value" {
			require.Equal(t, `Invalid ARIA attribute value: aria-checked="[REDACTED]"`, f.Fix, "axe's words, the secret redacted")
		}
	}
	require.ElementsMatch(t, []string{"a11y.image-alt " + base + "/popup", "a11y.label " + base + "/form", "a11y.aria-valid-attr-value " + base + "/aria"}, got,
		"a finding per rule and page, from the popup and the further tabs; none from the tab that closed itself")
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		require.NotContains(t, string(b), "zq-secret-zq", path)
		return err
	}))
	security, err := os.ReadFile(filepath.Join(dir, at.Artifacts[report.ArtifactSecurity]))
	require.NoError(t, err)
	require.Contains(t, string(security), "a11y.image-alt")
	require.Contains(t, string(security), "a11y.label")
}
