package pages_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// gif is a 1×1 GIF.
var gif = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x01L\x00;")

// serveFixture serves testdata/locators (not the shop), /api/echo, which answers with the
// status and message its query asks for, and /api/slow, a GIF that comes after ?ms=N ms.
func serveFixture(t testing.TB) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir("testdata/locators")))
	mux.HandleFunc("/api/echo", func(w http.ResponseWriter, r *http.Request) {
		status, _ := strconv.Atoi(r.URL.Query().Get("status"))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo", "yes")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"message": r.URL.Query().Get("msg")})
	})
	mux.HandleFunc("/api/slow", func(w http.ResponseWriter, r *http.Request) {
		ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
		case <-r.Context().Done():
		}
		w.Header().Set("Content-Type", "image/gif")
		_, _ = w.Write(gif)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// fixtureBrowsers returns the browsers locator tests run on: a local one, and one reached over
// DevTools as a remote (browser.remote.kind cdp).
func fixtureBrowsers(t *testing.T) map[string]*browser.Browser {
	t.Helper()
	local := fixture.NewTestBrowser(t)
	bin, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	ws, _ := testenv.StartChromiumCDP(t, bin)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	remote, err := browser.Open(ctx, browser.Options{Headless: true, Remote: browser.RemoteOptions{Kind: "cdp", URL: ws, SessionTimeout: 20 * time.Second}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = remote.Close() })
	return map[string]*browser.Browser{"local": local, "cdp": remote}
}

// freshPage opens a fresh context of b, closed when t ends, and a page in it, within 30s.
func freshPage(t testing.TB, b *browser.Browser) (*browser.Context, *rod.Page) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	bc, err := b.NewContext(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { _ = bc.Close() })
	// rod binds a page's mouse and keyboard to the context the page was made with: the test's.
	page, err := bc.NewPage(t.Context())
	require.NoError(t, err)
	return bc, page
}

// openFixture opens path of the fixture site in a fresh context of b, in a tab that fails t and
// whose action timeout is timeout.
func openFixture(t testing.TB, b *browser.Browser, base, path string, timeout time.Duration) *pages.Tab {
	t.Helper()
	return openFixtureWith(t, b, path, pages.TabOptions{BaseURL: base, Timeout: timeout})
}

// openFixtureWith opens path in a fresh context of b, in a tab of the options o that fails t.
func openFixtureWith(t testing.TB, b *browser.Browser, path string, o pages.TabOptions) *pages.Tab {
	t.Helper()
	return openFixtureAs(t, t, b, path, o)
}

// openFixtureAs is openFixtureWith with a tab that fails ft instead of t (a testfail.T, to read
// its failures).
func openFixtureAs(t testing.TB, ft steps.TestingT, b *browser.Browser, path string, o pages.TabOptions) *pages.Tab {
	t.Helper()
	_, page := freshPage(t, b)
	timeout := o.Timeout
	o.Timeout = 10 * time.Second
	tab := pages.NewTab(ft, page, o)
	require.NoError(t, tab.Try(func() { tab.Goto(path) }))
	tab.SetDefaultTimeout(timeout)
	return tab
}

// failure runs fn, which must fail the tab's flow, and returns the failure's message; "" when it
// did not fail.
func failure(tab *pages.Tab, fn func()) string {
	if err := tab.Try(fn); err != nil {
		return err.Error()
	}
	return ""
}

// browserNames lists the fixture browsers in a fixed order.
var browserNames = []string{"local", "cdp"}
