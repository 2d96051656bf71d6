package runner_test

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/runner"
	"github.com/e2e-dev/e2e/pages"
)

// TestPasswordFieldsAreSecretsWhateverTheirLabel: a value Filled into a password field (or a
// one-time code's) whose label names no secret ("Passcode", "Verify") is in no artifact or
// report, though the flow's failures quote the field (strict mode describes both password
// fields, an assertion last saw its value); nor is the value a page put in one.
func TestPasswordFieldsAreSecretsWhateverTheirLabel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><title>pin</title><form><label>Passcode <input type="password" id="a"></label>` +
			`<label>Again <input type="password" id="b" value="zq-preset-zq"></label>` +
			`<label>Verify <input autocomplete="one-time-code" id="c"></label></form>`))
	}))
	defer srv.Close()
	flow := flows.Flow{Name: "passcode", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		f.Tab.GetByLabel("Passcode").Fill("zq-pass-zq")
		f.Tab.GetByLabel("Passcode").PressSequentially("zq-typed-zq")
		f.Tab.GetByLabel("Verify").Fill("zq-otp-zq") // a one-time code is as secret
		err := f.Tab.Try(func() { f.Tab.Locator("input[type=password]").Click() })
		require.ErrorContains(f, err, `"***"`, "strict mode describes a password field without its value")
		f.Errorf("%v", err)
		pages.Expect(f.Tab.GetByLabel("Again")).ToHaveValue("something else")
	}}
	dir := filepath.Join(t.TempDir(), "test-results")
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows: []flows.Flow{flow}, Workers: 1, FlowTimeout: 60 * time.Second, Browser: browser.Options{Headless: true},
		ArtifactsDir: dir, ArtifactsMode: artifacts.ModeOn, Reporters: []report.Reporter{report.NewJSONReporter(filepath.Join(dir, "report.json"))},
		Env: runner.Env{BaseURL: srv.URL, ActionTimeout: 2 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{}},
	})
	require.NoError(t, err)
	require.Equal(t, report.StatusFailed, rep.Flows[0].Status)
	require.Contains(t, rep.Flows[0].Error, "matches 2 elements")
	require.Contains(t, rep.Flows[0].Attempts[0].Failure.Details, `to have value "something else", last seen "***"`)
	files := 0
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		files++
		require.NotContains(t, string(b), "zq-pass-zq", path)
		require.NotContains(t, string(b), "zq-preset-zq", path)
		require.NotContains(t, string(b), "zq-typed-zq", path)
		require.NotContains(t, string(b), "zq-otp-zq", path)
		return err
	}))
	require.Greater(t, files, 5, "the evidence was kept")
}
