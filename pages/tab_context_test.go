package pages_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// seenServer serves small pages and keeps the headers of the last request for each path.
type seenServer struct {
	URL  string
	mu   sync.Mutex
	seen map[string]http.Header
}

func newSeenServer(t *testing.T) *seenServer {
	s := &seenServer{seen: map[string]http.Header{}}
	pagesByPath := map[string]string{
		"/page":    `<!doctype html><title>Page</title><script>window.fromInit = window.seeded || "none"</script><p>Page</p>`,
		"/delayed": `<!doctype html><title>Delayed</title><script>setTimeout(() => { window.answer = 42 }, 300)</script>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen[r.URL.Path] = r.Header.Clone()
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(pagesByPath[r.URL.Path]))
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// header is a header of the last request for path.
func (s *seenServer) header(path, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[path].Get(name)
}

// An init script runs in every new document before its own scripts.
func TestTabAddInitScript(t *testing.T) {
	srv := newSeenServer(t)
	log := steps.NewStepLog()
	tab := openFixtureWith(t, fixture.NewTestBrowser(t), "/page", pages.TabOptions{BaseURL: srv.URL, Timeout: 5 * time.Second, Steps: log})
	require.Equal(t, "none", tab.Evaluate(`() => window.fromInit`).Str())
	tab.AddInitScript(`window.seeded = "yes"`)
	tab.AddInitScript(`(flags) => { window.flags = flags }`, map[string]bool{"newCart": true})
	require.Equal(t, "none", tab.Evaluate(`() => window.fromInit`).Str(), "the document shown is left alone")
	tab.Goto("/delayed")
	tab.Goto("/page")
	require.Equal(t, "yes", tab.Evaluate(`() => window.fromInit`).Str(), "ran before the page's script")
	require.True(t, tab.Evaluate(`() => window.flags.newCart`).Bool())
	tab.Reload()
	require.Equal(t, "yes", tab.Evaluate(`() => window.fromInit`).Str())
	require.Contains(t, stepNames(log), `page: add init script window.seeded = "yes"`)
	require.Equal(t, `page: add init script () => 1: argument 1: json: unsupported type: func(): pass values JSON can encode`,
		failure(tab, func() { tab.AddInitScript(`() => 1`, func() {}) }))
}

// WaitForFunction polls until the function returns a truthy value, and fails with what it last
// returned, or at once with what it threw.
func TestTabWaitForFunction(t *testing.T) {
	srv := newSeenServer(t)
	tab := openFixtureWith(t, fixture.NewTestBrowser(t), "/delayed", pages.TabOptions{BaseURL: srv.URL, Timeout: 5 * time.Second})
	require.Equal(t, 43, tab.WaitForFunction(`(n) => window.answer && window.answer + n`, 1).Int(), "set by the page's setTimeout")
	require.True(t, tab.WaitForFunction(`async () => window.answer === 42`).Bool())

	tab.SetDefaultTimeout(300 * time.Millisecond)
	require.Equal(t, `page: function () => window.nope still returned undefined after 300ms`,
		failure(tab, func() { tab.WaitForFunction(`() => window.nope`) }))
	require.Equal(t, `page: function (s) => s.repeat(0) still returned "" after 300ms`,
		failure(tab, func() { tab.WaitForFunction(`(s) => s.repeat(0)`, "x") }))
	start := time.Now()
	require.Equal(t, `page: wait for function () => { throw new Error("boom") }: Error: boom`,
		failure(tab, func() { tab.WaitForFunction(`() => { throw new Error("boom") }`) }))
	require.Less(t, time.Since(start), 300*time.Millisecond, "an exception fails at once")
}

// Extra headers go with every request; those named like credentials are told to the runner,
// and the step names no value.
func TestTabSetExtraHTTPHeaders(t *testing.T) {
	srv := newSeenServer(t)
	log := steps.NewStepLog()
	var secretHeaders, secrets []string
	tab := openFixtureWith(t, fixture.NewTestBrowser(t), "/page", pages.TabOptions{BaseURL: srv.URL, Timeout: 5 * time.Second, Steps: log,
		SecretHeader: func(name string) { secretHeaders = append(secretHeaders, name) },
		Secret:       func(value string) { secrets = append(secrets, value) }})
	tab.SetExtraHTTPHeaders(map[string]string{"X-Api-Key": "k-123456", "X-Trace": "t1"})
	tab.Goto("/page")
	require.Equal(t, "k-123456", srv.header("/page", "X-Api-Key"))
	require.Equal(t, "t1", srv.header("/page", "X-Trace"))
	tab.Evaluate(`() => fetch("/delayed")`)
	require.Equal(t, "t1", srv.header("/delayed", "X-Trace"), "the page's own requests too")
	require.Equal(t, []string{"X-Api-Key"}, secretHeaders)
	require.Equal(t, []string{"k-123456"}, secrets)

	tab.SetExtraHTTPHeaders(nil)
	tab.Goto("/page")
	require.Empty(t, srv.header("/page", "X-Api-Key"))
	require.Contains(t, stepNames(log), "page: set extra HTTP headers X-Api-Key, X-Trace")
	require.Contains(t, stepNames(log), "page: clear extra HTTP headers")
	for _, name := range stepNames(log) {
		require.NotContains(t, name, "k-123456")
	}
}

// Cookies added go to the server, cleared ones do not; clearing is the context's alone; no
// step shows a value.
func TestTabCookies(t *testing.T) {
	srv := newSeenServer(t)
	b := fixture.NewTestBrowser(t)
	log := steps.NewStepLog()
	var secrets []string
	tab := openFixtureWith(t, b, "/page", pages.TabOptions{BaseURL: srv.URL, Timeout: 5 * time.Second, Steps: log,
		Secret: func(value string) { secrets = append(secrets, value) }})
	other := openFixtureWith(t, b, "/page", pages.TabOptions{BaseURL: srv.URL, Timeout: 5 * time.Second})

	tab.AddCookies(&http.Cookie{Name: "sid", Value: "s3cret-cookie", HttpOnly: true},
		&http.Cookie{Name: "theme", Value: "dark", Path: "/page", MaxAge: 60, SameSite: http.SameSiteLaxMode})
	other.AddCookies(&http.Cookie{Name: "mine", Value: "kept"})
	tab.Goto("/page")
	require.Equal(t, "theme=dark; sid=s3cret-cookie", srv.header("/page", "Cookie"))
	tab.Goto("/delayed")
	require.Equal(t, "sid=s3cret-cookie", srv.header("/delayed", "Cookie"), "theme is /page's")
	require.Equal(t, []string{"s3cret-cookie", "dark"}, secrets)

	tab.ClearCookies()
	tab.Goto("/page")
	require.Empty(t, srv.header("/page", "Cookie"))
	require.Empty(t, tab.Cookies())
	require.Len(t, other.Cookies(), 1, "another context keeps its cookies")

	require.Contains(t, stepNames(log), `page: add cookies "sid", "theme"`)
	require.Contains(t, stepNames(log), "page: clear cookies")
	for _, name := range stepNames(log) {
		require.False(t, strings.Contains(name, "s3cret") || strings.Contains(name, "dark"), name)
	}
	require.Equal(t, `page: add cookies: a cookie has no name: give each a Name`, failure(tab, func() { tab.AddCookies(&http.Cookie{Value: "x"}) }))
}
