package route

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// statefulSite is a backend whose answers change: a login form that sets a session cookie, and
// a counter that counts its calls. Stopping it shows that a replay needs no backend.
func statefulSite(t *testing.T) *httptest.Server {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<!doctype html><title>login</title><form method="post" action="/login"><input name="user" value="ann"><input name="password" type="password"><button id="go">go</button></form>`)
		case "/login":
			if r.Method != http.MethodPost || r.FormValue("password") == "" {
				http.Error(w, "no", http.StatusUnauthorized)
				return
			}
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "session-" + r.FormValue("user"), Path: "/", HttpOnly: true})
			http.Redirect(w, r, "/home", http.StatusSeeOther)
		case "/home":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<!doctype html><title>home</title><p id="who">signed in</p>`)
		case "/api/count":
			mu.Lock()
			n++
			c := n
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"count":%d}`, c)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// walkSite signs in with password through the form, then calls the counter twice, and returns
// the counts the page got.
func walkSite(t *testing.T, tb *tab, base, password string) []string {
	t.Helper()
	tb.goTo(t, base+"/")
	wait := tb.page.MustWaitNavigation()
	_, err := tb.page.Eval(`(pw) => { document.querySelector("[name=password]").value = pw; document.querySelector("form").requestSubmit(); }`, password)
	require.NoError(t, err)
	wait()
	require.Equal(t, "signed in", tb.page.MustElement("#who").MustText())
	return []string{tb.fetch(t, "GET", "/api/count", "").Body, tb.fetch(t, "GET", "/api/count", "").Body}
}

// replayWithBackendStopped replays file on a fresh tab for the site at base (stopped by now).
func replayWithBackendStopped(t *testing.T, file, base, password string) *tab {
	t.Helper()
	tb := newTab(t, sharedBrowser(t), Options{})
	rt := mustRoute(t, tb.router, Match{URL: base + "/**"}, HAR{File: file})
	counts := walkSite(t, tb, base, password)
	assert.Equal(t, []string{`{"count":1}`, `{"count":2}`}, counts, "the counter's answers, in the recorded order")
	assert.Equal(t, "not-found", func() string {
		if tb.fetch(t, "GET", "/not/recorded", "").Error != "" {
			return "not-found"
		}
		return "served"
	}(), "not_found: abort")
	assert.GreaterOrEqual(t, rt.Hits(), 6)
	e := tb.entry(t, "GET", "/api/count")
	require.NotNil(t, e.Routed)
	assert.Equal(t, "replayed", e.Routed.Action)
	return tb
}

func TestHARRecordedByE2EReplaysWithTheBackendStopped(t *testing.T) {
	site := statefulSite(t)
	file := filepath.Join(t.TempDir(), "fixtures", "site.har")
	red := redact.NewRedactor(redact.Options{})
	red.AddSecret("pw-recorded-1")
	tb := newTab(t, sharedBrowser(t), Options{Redactor: red})
	rt := mustRoute(t, tb.router, Match{URL: site.URL + "/**"}, HAR{File: file, Update: true})
	assert.Equal(t, []string{`{"count":1}`, `{"count":2}`}, walkSite(t, tb, site.URL, "pw-recorded-1"))
	require.NoError(t, tb.router.Close())
	assert.GreaterOrEqual(t, rt.Hits(), 5, "update mode counts the requests it lets through")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.False(t, strings.Contains(string(data), "pw-recorded-1"), "update mode writes a redacted HAR")
	assert.True(t, strings.Contains(string(data), `password=[REDACTED]`), "the placeholder of the password")
	assert.False(t, strings.Contains(string(data), "context canceled"), "every body recorded")
	out, ok := testenv.ValidateHAR(t, file)
	require.True(t, ok, "har-validator: %s", out)
	site.Close()

	// Another password: the recorded one is a placeholder, which stands for any value.
	replayWithBackendStopped(t, file, site.URL, "pw-other-2")
}

func TestHARRecordedByPlaywrightReplays(t *testing.T) {
	node := testenv.RequireCommand(t, "node", "apt-get install -y nodejs")
	pw := filepath.Join(testenv.RepoRoot(t), "bench", "playwright")
	_, err := os.Stat(filepath.Join(pw, "node_modules", "@playwright", "test", "package.json"))
	testenv.Require(t, err == nil, "@playwright/test", "scripts/deps.sh test (npm ci --prefix bench/playwright)")
	bin, err := exec.LookPath("chromium")
	testenv.Require(t, err == nil, "chromium", "apt-get install -y chromium")

	site := statefulSite(t)
	file := filepath.Join(t.TempDir(), "pw.har")
	script := `
const { chromium } = require('@playwright/test');
(async () => {
  const browser = await chromium.launch({ executablePath: process.argv[1], args: ['--no-sandbox'] });
  const context = await browser.newContext({ recordHar: { path: process.argv[2] } });
  const page = await context.newPage();
  await page.goto(process.argv[3] + '/');
  await page.fill('[name=password]', 'pw-playwright');
  await Promise.all([page.waitForURL('**/home'), page.click('#go')]);
  for (let i = 0; i < 2; i++) await page.evaluate(() => fetch('/api/count', {cache: 'no-store'}).then(r => r.text()));
  await context.close();
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });`
	cmd := exec.Command(node, "-e", script, bin, file, site.URL)
	cmd.Dir = pw
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "playwright: %s", out)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.True(t, strings.Contains(string(data), `"name":"Playwright"`), "a HAR Playwright wrote")
	site.Close()

	replayWithBackendStopped(t, file, site.URL, "pw-playwright")
}

func TestHARReplayFallsBackToTheNetwork(t *testing.T) {
	site := newTestSite(t)
	file := filepath.Join(t.TempDir(), "one.har")
	har := fmt.Sprintf(`{"log":{"version":"1.2","creator":{"name":"hand","version":"1"},"entries":[
		{"request":{"method":"POST","url":"%[1]s/api/echo","postData":{"mimeType":"text/plain","text":"a=[REDACTED]&b=2"}},
		 "response":{"status":201,"headers":[{"name":"Content-Type","value":"text/plain"},{"name":"Content-Length","value":"999"}],"content":{"text":"aGVsbG8=","encoding":"base64"}}}]}}`, site.URL)
	require.NoError(t, os.WriteFile(file, []byte(har), 0o600))
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/")
	mustRoute(t, tb.router, Match{URL: "/api/**"}, HAR{File: file, NotFound: NotFoundFallback})
	got := tb.fetch(t, "POST", "/api/echo", "a=anything&b=2")
	assert.Equal(t, 201, got.Status)
	assert.Equal(t, "hello", got.Body)
	got = tb.fetch(t, "POST", "/api/echo", "a=anything&b=3")
	assert.Equal(t, 200, got.Status, "another body: not in the HAR, falls back to the server")
	assert.Equal(t, 1, site.count("POST /api/echo"))
	assert.True(t, strings.Contains(tb.notes(), "replayed POST /api/echo (status 201 from one.har)"), tb.notes())
}
