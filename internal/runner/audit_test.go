package runner_test

import (
	"context"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/audit"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// auditFixture serves every page twice: under /bad/ with each passive rule's violation planted,
// under /clean/ as its clean twin.
func auditFixture(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	mux := http.NewServeMux()
	for _, kind := range []string{"bad", "clean"} {
		bad := kind == "bad"
		secure := func(w http.ResponseWriter) {
			if bad {
				w.Header().Set("Content-Security-Policy", "script-src 'self' 'unsafe-inline'")
				return
			}
			h := w.Header()
			h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; frame-ancestors 'none'")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "same-origin")
		}
		p := "/" + kind
		mux.HandleFunc("GET "+p+"/{$}", func(w http.ResponseWriter, r *http.Request) {
			secure(w)
			c := &http.Cookie{Name: "sessionid", Value: "s3cr3t-session", Path: "/"}
			if !bad {
				c.HttpOnly, c.SameSite = true, http.SameSiteLaxMode
			}
			http.SetCookie(w, c)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><title>home</title><h1>home</h1><script src="%s/app.js"></script>`, p)
		})
		mux.HandleFunc("GET "+p+"/app.js", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript")
			token := "?v=1"
			if bad {
				token = "?access_token=abcdef123456"
				fmt.Fprint(w, "localStorage.setItem('auth_token', 'abcdefghijklmnop');\n")
			}
			fmt.Fprintf(w, `Promise.all([fetch('%[1]s/api/data%[2]s'), fetch('%[1]s/api/fail')].map(r => r.then(res => res.text()))).then(() => {
  const d = document.createElement('p'); d.dataset.testid = 'done'; d.textContent = 'done'; document.body.append(d);
});`, p, token)
		})
		mux.HandleFunc("GET "+p+"/api/data", func(w http.ResponseWriter, r *http.Request) {
			if bad {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				w.Header().Set("Access-Control-Allow-Credentials", "true")
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"ok":true}`)
		})
		mux.HandleFunc("GET "+p+"/api/fail", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusInternalServerError)
			if bad {
				fmt.Fprint(w, "panic: boom\n\ngoroutine 7 [running]:\nmain.handler()\n\t/app/main.go:42 +0x1d\n")
				return
			}
			fmt.Fprint(w, "internal error\n")
		})
		mux.HandleFunc("GET "+p+"/login", func(w http.ResponseWriter, r *http.Request) {
			next := r.URL.Query().Get("next")
			if !bad || !strings.HasPrefix(next, "http") {
				next = p + "/"
			}
			http.Redirect(w, r, next, http.StatusFound)
		})
		mux.HandleFunc("GET "+p+"/search", func(w http.ResponseWriter, r *http.Request) {
			secure(w)
			q := r.URL.Query().Get("q")
			if !bad {
				q = html.EscapeString(q)
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><title>search</title><form action="%s/search"><input name="q"><button data-testid="go">Search</button></form><p data-testid="results">Results for %s</p>`, p, q)
		})
	}
	mux.HandleFunc("GET /offsite", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>elsewhere</title><p data-testid="offsite">another site</p>`)
	})
	srv := httptest.NewUnstartedServer(mux)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}

// auditFlow walks the fixture's pages of one kind: home (cookies, headers, stored token, CORS,
// a secret in a URL, a leaky error), an open redirect, and a search that reflects a probe.
func auditFlow(kind, offSite string) flows.Flow {
	p := "/" + kind
	return flows.Flow{Name: kind, Run: func(f *flows.F) {
		f.Step("home", func() {
			f.Tab.Goto(p + "/")
			f.Expect(f.Tab.GetByTestID("done")).ToHaveText("done")
		})
		f.Step("log in with next", func() {
			f.Tab.Goto(p + "/login?next=" + offSite)
		})
		f.Step("search with a probe", func() {
			f.Tab.Goto(p + "/search")
			f.Tab.Locator(`[name="q"]`).Fill(f.Probe("shoe"))
			f.Tab.GetByTestID("go").ClickToNavigate()
		})
	}}
}

func TestAuditFindsEachPlantedViolationAndNothingOnTheCleanTwin(t *testing.T) {
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	base := auditFixture(t)
	offSite := strings.Replace(base, "127.0.0.1", "localhost", 1) + "/offsite"
	dir := filepath.Join(t.TempDir(), "test-results")
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows:       []flows.Flow{auditFlow("bad", offSite), auditFlow("clean", offSite)},
		Workers:     1,
		FlowTimeout: 60 * time.Second,
		Browser:     browser.Options{Headless: true},
		Env: runner.Env{BaseURL: base, ActionTimeout: 5 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{},
			Audit: &runner.AuditOptions{}},
		ArtifactsDir: dir, ArtifactsMode: artifacts.ModeOn,
	})
	require.NoError(t, err)
	bad, clean := rep.Flows[0], rep.Flows[1]

	require.Equal(t, report.StatusPassed, clean.Status, clean.Error)
	ca := clean.Attempts[0].Audit
	require.NotNil(t, ca)
	assert.Empty(t, ca.Findings, "the clean twin")
	require.NotEmpty(t, ca.Pages, "page timings")
	assert.GreaterOrEqual(t, ca.Pages[0].TTFBMS, 0.0, "measured (-1: not)")
	assert.Greater(t, ca.Pages[0].Requests, 1, "home, its script and its fetches")

	ba := bad.Attempts[0].Audit
	require.NotNil(t, ba)
	rules := map[string]string{}
	for _, f := range ba.Findings {
		rules[f.Rule] += f.String() + "\n"
	}
	for _, r := range audit.Rules {
		if r.ID == "mixed_content" {
			continue // needs an https page: TestMixedContent
		}
		assert.Contains(t, rules, "security."+r.ID, "rule %s not found; found:\n%s", r.ID, audit.Text(ba.Findings))
	}
	assert.Contains(t, rules["security.reflected_input"], "DOM holds a <e2e")
	assert.Contains(t, rules["security.reflected_input"], "came back unescaped in the HTML")
	// Findings at fail (reflected input, CORS, open redirect by default) fail the flow.
	require.Equal(t, report.StatusFailed, bad.Status)
	assert.Equal(t, "audit", bad.Attempts[0].Failure.Step)
	sec, err := os.ReadFile(filepath.Join(dir, bad.Attempts[0].Artifacts[report.ArtifactSecurity]))
	require.NoError(t, err)
	assert.Contains(t, string(sec), "fail security.cors GET "+base+"/bad/api/data")
	assert.NotContains(t, string(sec), "GET "+offSite+": no Content-Security-Policy", "the header rules judge the app's own pages")
	assert.NotContains(t, string(sec), "s3cr3t-session", "findings are redacted")
}
