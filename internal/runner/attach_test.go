package runner_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
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

// TestAttach: what a passing flow attaches (F.Attach) is kept in its artifacts folder under
// artifacts.mode retain-on-failure, as Playwright keeps attachments, each under a safe file
// name, listed in report.json and linked from index.html; a text one is redacted (the secrets
// the flow registered, the values of sensitive JSON keys), an image kept as it is.
func TestAttach(t *testing.T) {
	flow := flows.Flow{Name: "attaches", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		pages.Expect(f.Tab.GetByRole("heading")).ToHaveText("Hello nobody")
		f.Secret("zq-s3cret-zq")
		f.Attach("notes", "text/plain; charset=utf-8", []byte("token used: zq-s3cret-zq\n"))
		f.Attach("../order status.json", "application/json", []byte(`{"id":7,"password":"pw-zq-9"}`))
		f.Attach("page", "image/png", f.Tab.Screenshot())
		f.Attach("notes", "", []byte("again"))
	}}
	dir := filepath.Join(t.TempDir(), "test-results")
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows: []flows.Flow{flow}, Workers: 1, FlowTimeout: 60 * time.Second, Browser: browser.Options{Headless: true},
		ArtifactsDir: dir, ArtifactsMode: artifacts.ModeRetainOnFailure,
		Reporters: []report.Reporter{report.NewJSONReporter(filepath.Join(dir, "report.json")), report.NewHTMLReporter(filepath.Join(dir, "index.html"))},
		Env:       runner.Env{BaseURL: usersApp(t), ActionTimeout: 10 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{}},
	})
	require.NoError(t, err)
	fl := rep.Flows[0]
	require.Equal(t, report.StatusPassed, fl.Status, fl.Error)

	raw, err := os.ReadFile(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	var onDisk report.RunReport
	require.NoError(t, json.Unmarshal(raw, &onDisk))
	arts := onDisk.Flows[0].Attempts[0].Artifacts
	require.Len(t, arts, 4, "the attachments only: a passing attempt keeps no other evidence under retain-on-failure: %v", arts)
	read := func(kind string) []byte {
		t.Helper()
		rel, ok := arts[kind]
		require.True(t, ok, "%s in report.json: %v", kind, arts)
		b, err := os.ReadFile(filepath.Join(dir, rel))
		require.NoError(t, err)
		return b
	}
	require.Equal(t, "token used: [REDACTED]\n", string(read("attachment notes")))
	require.Equal(t, "again", string(read("attachment notes (2)")), "a second attachment of a name is listed too")
	require.True(t, strings.HasSuffix(arts["attachment notes (2)"], "/attachments/notes-2.txt"), arts)
	order := read("attachment ../order status.json")
	require.JSONEq(t, `{"id":7,"password":"[REDACTED]"}`, string(order))
	require.True(t, strings.HasSuffix(arts["attachment ../order status.json"], "/attachments/order-status.json"), arts)
	_, err = png.Decode(bytes.NewReader(read("attachment page")))
	require.NoError(t, err, "an image is kept as it is")
	require.True(t, strings.HasSuffix(arts["attachment page"], "/attachments/page.png"), arts)

	html, err := os.ReadFile(filepath.Join(dir, "index.html"))
	require.NoError(t, err)
	require.Contains(t, string(html), "attachments/order-status.json")
	require.Contains(t, string(html), "attachments/page.png")
	steps := strings.Join(stepNamesOf(fl.Attempts[0].Steps), "\n")
	require.Contains(t, steps, `attach "page" (image/png, `)
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b := mustRead(t, path)
		require.NotContains(t, string(b), "zq-s3cret-zq", path)
		require.NotContains(t, string(b), "pw-zq-9", path)
		return nil
	}))
}
