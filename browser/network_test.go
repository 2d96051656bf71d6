package browser

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/redact"
)

// recordingStacks counts the goroutines that belong to recordings.
func recordingStacks() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		if bytes.Contains(g, []byte("browser.(*Recording)")) || bytes.Contains(g, []byte("browser.(*bodyFetcher)")) {
			n++
		}
	}
	return n
}

// settles polls cond on the calling goroutine until it holds or timeout passes.
func settles(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			return cond()
		case <-tick.C:
		}
	}
	return true
}

func harEntries(h *har.HAR, method, path string) []har.Entry {
	var out []har.Entry
	for _, e := range h.Log.Entries {
		if e.Request.Method == method && strings.Contains(e.Request.URL, path) {
			out = append(out, e)
		}
	}
	return out
}

func TestRecordRealChromium(t *testing.T) {
	b := netTestBrowser(t)
	site := newNetSite(t)
	bctx, err := b.NewContext(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() { _ = bctx.Close() })
	page, err := bctx.NewPage(context.Background())
	require.NoError(t, err)
	page = page.Timeout(30 * time.Second)

	red := redact.NewRedactor(redact.Options{})
	red.AddSecret(netPassword)
	red.AddSecret(netAPIToken)
	red.AddSecret(netSessionID)
	har := har.NewBuilder(har.Options{MaxBody: 256 << 10, Redactor: red})
	console := artifacts.NewConsoleLog()

	goroutinesBefore := runtime.NumGoroutine()
	rec, err := Record(page, har, console)
	require.NoError(t, err)

	// A redirect chain, then a login form posted; the answer logs, throws and fetches a 500.
	page.MustNavigate(site.URL + "/start").MustWaitLoad()
	page.MustElement("#username").MustInput("alice")
	page.MustElement("#password").MustInput(netPassword)
	wait := page.WaitNavigation(proto.PageLifecycleEventNameLoad)
	page.MustElement("#submit").MustClick()
	wait()
	page.MustWait(`() => document.title === "done"`)

	// Events reach the recording asynchronously: wait for the last ones, bounded.
	require.Eventually(t, func() bool {
		h := har.HAR()
		api := harEntries(h, "POST", "/api/fail")
		return len(api) == 1 && api[0].Response.Error == "" && console.Len() >= 3
	}, 10*time.Second, 10*time.Millisecond)
	rec.Flush(5 * time.Second)
	h := har.HAR()
	data, err := h.Marshal()
	require.NoError(t, err)

	start := harEntries(h, "GET", "/start")
	require.Len(t, start, 1, "the first navigation is recorded")
	require.Equal(t, 302, start[0].Response.Status)
	hop := harEntries(h, "GET", "/hop")
	require.Len(t, hop, 1)
	require.Equal(t, 302, hop[0].Response.Status)
	require.Equal(t, hop[0].Request.URL, start[0].Response.RedirectURL)
	require.Contains(t, hop[0].Request.URL, "token="+redact.Redacted)

	getLogin := harEntries(h, "GET", "/login")
	require.Len(t, getLogin, 1)
	require.Equal(t, 200, getLogin[0].Response.Status)
	require.Contains(t, getLogin[0].Response.Content.Text, `<form method="POST" action="/login">`, "textual bodies are kept")

	post := harEntries(h, "POST", "/login")
	require.Len(t, post, 1)
	require.Equal(t, "csrf_token="+redact.Redacted+"&username=alice&password="+redact.Redacted, post[0].Request.PostData.Text)
	require.Contains(t, post[0].Response.Content.Text, "welcome alice")
	require.Equal(t, redact.Redacted, post[0].Response.Cookies[0].Value)

	api := harEntries(h, "POST", "/api/fail")[0]
	require.Equal(t, 500, api.Response.Status)
	require.Equal(t, "internal error: database is down\n", api.Response.Content.Text)
	require.Equal(t, "fetch", api.ResourceType)

	for _, e := range h.Log.Entries {
		tm := e.Timings
		for _, v := range []float64{tm.Blocked, tm.DNS, tm.Connect, tm.SSL} {
			require.True(t, v == -1 || v >= 0)
		}
		require.GreaterOrEqual(t, min(tm.Send, tm.Wait, tm.Receive), 0.0)
	}
	for _, secret := range []string{netPassword, "hunter2-S3cret%21", netAPIToken, netSessionID, "csrf-7d5e3c1a9b"} {
		require.NotContains(t, string(data), secret)
	}

	var logged, thrown, failedLoad bool
	for _, e := range console.Entries() {
		switch {
		case e.Text == "logged in as alice {user: 'alice', n: 1}":
			logged = true
			require.Equal(t, artifacts.LevelLog, e.Level)
		case strings.HasPrefix(e.Text, "Uncaught Error: boom-uncaught"):
			thrown = true
			require.Equal(t, artifacts.LevelError, e.Level)
		case strings.Contains(e.Text, "status of 500"):
			failedLoad = true
		}
	}
	require.True(t, logged, "console.log recorded")
	require.True(t, thrown, "uncaught exception recorded")
	require.True(t, failedLoad, "failed resource load recorded")

	rec.Stop()
	rec.Stop() // idempotent
	require.Equal(t, 0, recordingStacks(), "no recording goroutine survives Stop")
	site.CloseClientConnections()
	// Checked on this goroutine: require.Eventually would add one of its own.
	if !settles(10*time.Second, func() bool { return runtime.NumGoroutine() <= goroutinesBefore }) {
		buf := make([]byte, 1<<20)
		t.Fatalf("goroutines: %d before Record, %d after Stop:\n%s", goroutinesBefore, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
	}

	// After Stop nothing more is recorded.
	n := har.Len()
	page.MustNavigate(site.URL + "/page").MustWaitLoad()
	require.Equal(t, n, har.Len())
}

func TestRecordFailedAndLargeBodies(t *testing.T) {
	b := netTestBrowser(t)
	site := newNetSite(t)
	bctx, err := b.NewContext(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() { _ = bctx.Close() })
	page, err := bctx.NewPage(context.Background())
	require.NoError(t, err)
	page = page.Timeout(30 * time.Second)

	har := har.NewBuilder(har.Options{MaxBody: 64 << 10})
	rec, err := Record(page, har, nil)
	require.NoError(t, err)
	defer rec.Stop()
	for _, script := range []string{"closed", "big"} {
		page.MustNavigate(site.URL + "/page?script=" + script).MustWaitLoad()
		page.MustWait(`() => document.title === "done"`)
	}
	settled := func() bool {
		h := har.HAR()
		n := 0
		for _, path := range []string{"/big", "/unreachable", "/page?script="} {
			for _, e := range harEntries(h, "GET", path) {
				if e.Response.Error != "pending at capture" {
					n++
				}
			}
		}
		return n == 4
	}
	if !settles(10*time.Second, settled) {
		for _, e := range har.HAR().Log.Entries {
			t.Logf("%s %s: %d %s", e.Request.Method, e.Request.URL, e.Response.Status, e.Response.Error)
		}
		t.Fatal("the requests did not all end")
	}
	rec.Flush(5 * time.Second)
	h := har.HAR()

	failed := harEntries(h, "GET", "/unreachable")[0]
	require.Equal(t, 0, failed.Response.Status)
	require.Equal(t, "net::ERR_CONNECTION_REFUSED", failed.Response.Error)

	big := harEntries(h, "GET", "/big")[0]
	require.Equal(t, 200, big.Response.Status)
	require.Empty(t, big.Response.Content.Text)
	require.Contains(t, big.Response.Content.Comment, "over the 65536-byte limit")
	require.Equal(t, int64(netBigBody), big.Response.Content.Size)

	pages := harEntries(h, "GET", "/page?script=")
	require.Len(t, pages, 2)
	for _, p := range pages {
		require.NotEmpty(t, p.Response.Content.Text)
	}
}

func TestRecordOnClosedPage(t *testing.T) {
	b := netTestBrowser(t)
	page, err := b.Rod.Page(proto.TargetCreateTarget{URL: "about:blank"})
	require.NoError(t, err)
	require.NoError(t, page.Close())
	_, err = Record(page, har.NewBuilder(har.Options{}), artifacts.NewConsoleLog())
	require.Error(t, err)
	require.Equal(t, 0, recordingStacks())
}
