package route

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/e2e-dev/e2e/steps"
)

// TestMain closes the shared browser once every test ran, and fails the run if a browser the
// tests launched outlives them.
func TestMain(m *testing.M) {
	os.Exit(testenv.RunWithoutLeftovers(m, func() {
		if testBrowser.b != nil {
			_ = testBrowser.b.Close()
		}
	}))
}

// testSite is a loopback server that counts the requests it gets by path.
type testSite struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
	last http.Header // the headers of the last /api/echo request
}

func newTestSite(t testing.TB) *testSite {
	s := &testSite{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *testSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.Method+" "+r.URL.Path]++
	if r.URL.Path == "/api/echo" {
		s.last = r.Header.Clone()
	}
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/":
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<!doctype html><title>site</title><script src="/cached.js"></script><p id="msg">home</p>`)
	case r.URL.Path == "/cached.js":
		w.Header().Set("Content-Type", "text/javascript")
		w.Header().Set("Cache-Control", "max-age=3600")
		fmt.Fprint(w, `window.cached = (window.cached || 0) + 1;`)
	case r.URL.Path == "/api/items":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"items":[{"id":1,"name":"one"}],"total":1}`)
	case r.URL.Path == "/api/echo":
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"method":%q,"x_test":%q,"body":%q}`, r.Method, r.Header.Get("X-Test"), body)
	case strings.HasPrefix(r.URL.Path, "/csp/"): // a page whose policy the rest of the path is
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; connect-src "+strings.TrimPrefix(r.URL.Path, "/csp/"))
		fmt.Fprint(w, `<!doctype html><title>strict</title><p id="msg">strict</p>`)
	case r.URL.Path == "/big":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, strings.Repeat("x", 60000))
	default:
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "real "+r.URL.Path)
	}
}

func (s *testSite) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[key]
}

// testBrowser is one headless Chromium shared by the package's tests.
var testBrowser struct {
	once sync.Once
	b    *browser.Browser
	err  error
}

func sharedBrowser(t testing.TB) *browser.Browser {
	t.Helper()
	testBrowser.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		testBrowser.b, testBrowser.err = browser.Open(ctx, browser.Options{Headless: true})
	})
	require.NoError(t, testBrowser.err)
	return testBrowser.b
}

// tab is a fresh context and page, recorded into a HAR, with a router.
type tab struct {
	page    *rod.Page
	router  *Router
	har     *har.Builder
	console *artifacts.ConsoleLog
	steps   *steps.StepLog
}

// newTab opens a recorded page in a fresh context of b with a router, closed at the end.
func newTab(t testing.TB, b *browser.Browser, opts Options) *tab {
	t.Helper()
	// The page's events live as long as the context it was opened with: cancel it at the end.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	c, err := b.NewContext(ctx)
	require.NoError(t, err)
	p, err := c.NewPage(ctx)
	require.NoError(t, err)
	tb := &tab{page: p.Timeout(30 * time.Second), steps: steps.NewStepLog()}
	tb.har = har.NewBuilder(har.Options{MaxBody: 1 << 20})
	tb.console = artifacts.NewConsoleLog()
	rec, err := browser.Record(p, tb.har, tb.console)
	require.NoError(t, err)
	opts.Steps, opts.Mark, opts.NetworkEnabled = tb.steps, tb.har.MarkRouted, true
	if opts.Kind == "" {
		opts.Kind = b.Kind
	}
	tb.router = New(p, opts)
	t.Cleanup(func() {
		_ = tb.router.Close()
		rec.Stop()
		_ = c.Close()
	})
	return tb
}

// result is what a fetch() in the page got.
type result struct {
	Status int
	Body   string
	Type   string // Content-Type
	Error  string
	MS     float64 // how long it took, in the page's clock
}

// fetch calls fetch() in the page and returns what it got.
func (tb *tab) fetch(t testing.TB, method, url, body string) result {
	t.Helper()
	res, err := tb.page.Eval(`async (url, method, body) => {
		const t0 = performance.now();
		try {
			const r = await fetch(url, {method, body: body || undefined, cache: "no-store"});
			const text = await r.text();
			return {status: r.status, body: text, type: r.headers.get("content-type") || "", ms: performance.now() - t0};
		} catch (e) { return {error: String(e), ms: performance.now() - t0}; }
	}`, url, method, body)
	require.NoError(t, err)
	var r result
	require.NoError(t, res.Value.Unmarshal(&r))
	return r
}

// notes returns the step log's lines.
func (tb *tab) notes() string {
	var b strings.Builder
	for _, s := range tb.steps.Steps() {
		b.WriteString(s.Name + "\n")
	}
	return b.String()
}

// entry returns the HAR entry of method and path, waiting for it to complete.
func (tb *tab) entry(t testing.TB, method, path string) har.Entry {
	t.Helper()
	var found *har.Entry
	require.Eventually(t, func() bool {
		for _, e := range tb.har.HAR().Log.Entries {
			if e.Request.Method == method && strings.HasSuffix(strings.SplitN(e.Request.URL, "?", 2)[0], path) && (e.Response.Status != 0 || e.Response.Error != "" && e.Response.Error != "pending at capture") {
				found = &e
				return true
			}
		}
		return false
	}, 10*time.Second, 20*time.Millisecond, "HAR entry %s %s", method, path)
	return *found
}

func (tb *tab) goTo(t testing.TB, url string) {
	t.Helper()
	require.NoError(t, tb.page.Navigate(url))
	require.NoError(t, tb.page.WaitLoad())
}

func mustRoute(t testing.TB, r *Router, m Match, a Action) *Route {
	t.Helper()
	rt, err := r.Route(m, a)
	require.NoError(t, err)
	return rt
}
