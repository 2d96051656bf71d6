package pages_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// serveFixture serves testdata/locators (not the shop) and /api/echo, which answers with the
// status and message its query asks for.
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

// openFixture opens path of the fixture site in a fresh context of b, with a session whose
// action timeout is timeout.
func openFixture(t testing.TB, b *browser.Browser, base, path string, timeout time.Duration) *pages.Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inc, err := b.NewContext(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { _ = inc.Close() })
	// rod binds a page's mouse and keyboard to the context the page was made with: the test's.
	page, err := inc.NewPage(t.Context())
	require.NoError(t, err)
	s := pages.NewSession(page, base, nil, 10*time.Second)
	require.NoError(t, s.Goto("fixture", path))
	s.Timeout = timeout
	return s
}

// recT is a TestingT that records what an assertion reports.
type recT struct {
	t      *testing.T // the test running it, for checks of the test's own
	msgs   []string
	failed bool
}

func (r *recT) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

func (r *recT) FailNow() { r.failed = true }

// browserNames lists the fixture browsers in a fixed order.
var browserNames = []string{"local", "cdp"}
