package shopsuite

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/e2e-dev/e2e/internal/runner"
	"github.com/e2e-dev/e2e/pages/shoppages"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
)

// TestFailureEvidenceIsCompleteValidAndRedacted fails a flow on a wrong expectation after it
// signed up, logged in (two redirect chains) and made its page tall, and checks every artifact.
func TestFailureEvidenceIsCompleteValidAndRedacted(t *testing.T) {
	srv := fixture.NewTestShop(t)
	db, err := backend.OpenDB("sqlite", srv.Shop().DBPath())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })

	var password, session string
	const tall = 3000
	wrong := flows.Flow{Name: "wrong expectation", Run: func(f *flows.F) {
		a, _ := signUpAndLogIn(f)
		password, session = a.Password, sessionCookie(f)
		shoppages.Catalog(f.Tab).Open()
		f.Tab.Evaluate(`(h) => { document.body.style.minHeight = h + "px"; console.error("about to fail") }`, tall)
		f.Step("check the catalog's title", func() {
			require.Equal(f, "expected title", "found title", "a wrong expectation")
		})
	}}

	dir := t.TempDir()
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows: []flows.Flow{wrong}, BeforeEach: Suite().BeforeEach, Workers: 1, Browser: browser.Options{Headless: true}, ArtifactsDir: dir,
		Env: runner.Env{BaseURL: srv.URL, DB: db, MaxBody: 1 << 20, Redact: &redact.Options{}, Trace: artifacts.ModeRetainOnFailure},
	})
	require.NoError(t, err)
	require.NotEmpty(t, password)
	require.NotEmpty(t, session)
	at := rep.Flows[0].Attempts[0]
	require.Equal(t, report.StatusFailed, at.Status)
	require.Equal(t, `a wrong expectation: expected "expected title", found "found title"`, at.Failure.Message)
	require.Equal(t, "check the catalog's title", at.Failure.Step)

	file := func(kind string) []byte {
		t.Helper()
		require.Contains(t, at.Artifacts, kind)
		b, err := os.ReadFile(filepath.Join(dir, at.Artifacts[kind]))
		require.NoError(t, err)
		require.NotEmpty(t, b, kind)
		return b
	}

	t.Run("screenshot covers the whole page", func(t *testing.T) {
		img, err := png.Decode(bytes.NewReader(file(report.ArtifactScreenshot)))
		require.NoError(t, err)
		require.GreaterOrEqual(t, img.Bounds().Dy(), tall, "height")
		require.GreaterOrEqual(t, img.Bounds().Dx(), 1200, "width")
	})

	t.Run("har is valid with redirects and consistent timings", func(t *testing.T) {
		out, ok := testenv.ValidateHAR(t, filepath.Join(dir, at.Artifacts[report.ArtifactHAR]))
		require.True(t, ok, out)
		var har har.HAR
		require.NoError(t, json.Unmarshal(file(report.ArtifactHAR), &har))
		requireRedirectChain(t, har.Log.Entries, "POST", "/signup", "/login")
		requireRedirectChain(t, har.Log.Entries, "POST", "/login", "/")
		for _, e := range har.Log.Entries {
			tm := e.Timings
			for name, v := range map[string]float64{"blocked": tm.Blocked, "dns": tm.DNS, "connect": tm.Connect, "ssl": tm.SSL} {
				require.True(t, v == -1 || v >= 0, "%s %s: timings.%s = %v", e.Request.Method, e.Request.URL, name, v)
			}
			for name, v := range map[string]float64{"send": tm.Send, "wait": tm.Wait, "receive": tm.Receive} {
				require.GreaterOrEqual(t, v, 0.0, "%s %s: timings.%s", e.Request.Method, e.Request.URL, name)
			}
			sum := tm.Send + tm.Wait + tm.Receive
			for _, v := range []float64{tm.Blocked, tm.DNS, tm.Connect} {
				sum += max(v, 0)
			}
			require.InDelta(t, e.Time, sum, 0.01, "%s %s: time is the sum of the timings", e.Request.Method, e.Request.URL)
		}
	})

	t.Run("dom console steps and error", func(t *testing.T) {
		require.Contains(t, string(file(report.ArtifactDOM)), `data-testid="product-card"`)
		require.Contains(t, string(file(report.ArtifactDOM)), "min-height: 3000px")
		require.Contains(t, string(file(report.ArtifactConsole)), "about to fail")
		steps := string(file(report.ArtifactSteps))
		require.Contains(t, steps, "login page: log in as")
		require.Regexp(t, `FAIL +check the catalog's title: a wrong expectation`, steps)
		errTxt := string(file(report.ArtifactError))
		require.Contains(t, errTxt, "step: check the catalog's title")
		require.Contains(t, errTxt, `expected "expected title", found "found title"`)
	})

	t.Run("no secret in any byte", func(t *testing.T) {
		secrets := []string{password, url.QueryEscape(password), session}
		entries, err := os.ReadDir(filepath.Join(dir, at.Dir))
		require.NoError(t, err)
		require.Len(t, entries, 8, "six files, trace.json and the trace's folder")
		files := 0
		err = filepath.WalkDir(filepath.Join(dir, at.Dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files++
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			for _, s := range secrets {
				require.False(t, bytes.Contains(b, []byte(s)), "%s holds a secret", p)
			}
			return nil
		})
		require.NoError(t, err)
		require.Greater(t, files, 8, "the trace's frames and DOM snapshot too")
		require.Contains(t, string(file(report.ArtifactHAR)), redact.Redacted)
	})
}

// TestReportsScrubSecretsTheBrowserNoLongerHolds fails a flow, after it logged out, with a
// message that quotes its old session id, its password and a JSON body with sensitive keys, and
// checks that no artifact and no report (error.txt, steps.log, report.json, junit.xml,
// index.html) holds any of them: the session id is known as a secret from the moment it went
// over the wire, not only while the browser still holds it.
func TestReportsScrubSecretsTheBrowserNoLongerHolds(t *testing.T) {
	srv := fixture.NewTestShop(t)
	db, err := backend.OpenDB("sqlite", srv.Shop().DBPath())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	var password, session, email string
	leaky := flows.Flow{Name: "leaky failure", Run: func(f *flows.F) {
		a, _ := signUpAndLogIn(f)
		password, email, session = a.Password, a.Email, sessionCookie(f)
		shoppages.Nav(f.Tab).LogOut()
		f.Step("check what the server said", func() {
			f.Errorf("session %s of %s ended; body: {\"token\": \"tok-1234567\", \"email\": \"%s\"}", session, password, email)
		})
	}}

	dir := t.TempDir()
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows: []flows.Flow{leaky}, BeforeEach: Suite().BeforeEach, Workers: 1, Browser: browser.Options{Headless: true}, ArtifactsDir: dir,
		// Credentials in the base URL (basic auth in front of a staging app) are secrets too.
		Env: runner.Env{BaseURL: strings.Replace(srv.URL, "http://", "http://stage:basic-pw-1@", 1), DB: db, MaxBody: 1 << 20,
			Redact: &redact.Options{JSONKeys: []string{"email"}}},
		Reporters: []report.Reporter{
			report.NewJSONReporter(filepath.Join(dir, "report.json")),
			report.NewJUnitReporter(filepath.Join(dir, "junit.xml")),
			report.NewHTMLReporter(filepath.Join(dir, "index.html")),
		},
	})
	require.NoError(t, err)
	require.Len(t, session, 64, "the flow read its session cookie: %+v", rep.Flows[0].Attempts[0].Failure)
	at := rep.Flows[0].Attempts[0]
	require.Equal(t, report.StatusFailed, at.Status)
	require.Equal(t, `session [REDACTED] of [REDACTED] ended; body: {"token": "[REDACTED]", "email": "[REDACTED]"}`, at.Failure.Message)
	require.Contains(t, rep.Flows[0].Error, "session [REDACTED] of [REDACTED]")

	secrets := []string{session, password, url.QueryEscape(password), "tok-1234567", email, url.QueryEscape(email), "basic-pw-1"}
	files := 0
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		for _, s := range secrets {
			require.False(t, bytes.Contains(b, []byte(s)), "%s holds %.12s...", path, s)
		}
		return nil
	}))
	require.GreaterOrEqual(t, files, 3+6, "the reports and the six artifacts")
	steps, err := os.ReadFile(filepath.Join(dir, at.Artifacts[report.ArtifactSteps]))
	require.NoError(t, err)
	require.Contains(t, string(steps), `fill field labelled "Email" with "***"`, "a configured field's value is not shown")
}

// sessionCookie returns the value of the shop's session cookie in the flow's browser context
// ("" when none), read without registering it as a secret: the tests check that the recorder
// does.
func sessionCookie(f *flows.F) string {
	for _, c := range f.Tab.Cookies() {
		if c.Name == "shop_session" {
			return c.Value
		}
	}
	return ""
}

// requireRedirectChain finds a method request to from answered by a redirect to to, followed by
// the GET of to: each hop its own entry.
func requireRedirectChain(t *testing.T, entries []har.Entry, method, from, to string) {
	t.Helper()
	for i, e := range entries {
		u, err := url.Parse(e.Request.URL)
		require.NoError(t, err)
		if e.Request.Method != method || u.Path != from || e.Response.Status/100 != 3 {
			continue
		}
		next, err := url.Parse(e.Response.RedirectURL)
		require.NoError(t, err)
		require.Equal(t, to, next.Path, "redirect of %s %s", method, from)
		for _, f := range entries[i+1:] {
			if f.Request.Method == "GET" && f.Request.URL == e.Response.RedirectURL {
				return
			}
		}
		t.Fatalf("no GET %s after the redirect of %s %s", e.Response.RedirectURL, method, from)
	}
	t.Fatalf("no %s %s answered with a redirect", method, from)
}
