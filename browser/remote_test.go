package browser

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"
)

// remoteTestServer is a real remote browser service a test started: a Chromium with a DevTools
// port (cdp), rod's launcher manager (rod-manager) or a Selenium Grid (selenium).
type remoteTestServer struct {
	// Kind is the browser.remote.kind that reaches it.
	Kind string
	// URL is browser.remote.url for it.
	URL string
	// Header is what the server needs on every request (basic auth of the test grid), if any.
	Header http.Header
	// PID is the server's process (Chromium or the manager), 0 for a shared grid.
	PID int
}

// newRemoteTestServer starts a remote service of kind for the test and stops it when the test
// ends; the Selenium Grid is shared by the test binary and stopped by TestMain.
func newRemoteTestServer(t *testing.T, kind string) *remoteTestServer {
	t.Helper()
	switch kind {
	case "cdp":
		return startTestChromium(t)
	case "rod-manager":
		return startTestManager(t, true)
	case "selenium":
		return standaloneTestGrid(t)
	case "selenium-hub":
		return hubTestGrid(t)
	}
	t.Fatalf("newRemoteTestServer: unknown kind %q", kind)
	return nil
}

// remoteTestPage serves a small page on 127.0.0.1 for the remote browser to open.
func remoteTestPage(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>remote test</title><h1 id="msg">hello %s</h1>`, r.URL.Query().Get("who"))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// runIncognitoFlow does what a flow does with a browser: an incognito context, a page on the
// test server, a look at its content, and the context disposed of.
func runIncognitoFlow(t *testing.T, b *Browser, pageURL, who string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inc, err := b.Rod.Context(ctx).Incognito()
	require.NoError(t, err, "incognito context")
	page, err := inc.Page(proto.TargetCreateTarget{URL: pageURL + "/?who=" + who})
	require.NoError(t, err, "open page")
	require.NoError(t, page.WaitLoad())
	el, err := page.Element("#msg")
	require.NoError(t, err)
	text, err := el.Text()
	require.NoError(t, err)
	require.Equal(t, "hello "+who, text)
	require.NoError(t, page.Close())
	require.NoError(t, inc.Close(), "dispose the incognito context")
}

// requireSetupError checks that err is a one-line *SetupError containing every part, and
// returns its text.
func requireSetupError(t *testing.T, err error, parts ...string) string {
	t.Helper()
	require.Error(t, err)
	var se *SetupError
	require.True(t, errors.As(err, &se), "want a *SetupError, got %T: %v", err, err)
	msg := err.Error()
	require.NotContains(t, msg, "\n", "the error must be one line")
	for _, p := range parts {
		require.Contains(t, msg, p)
	}
	return msg
}

// remoteClosedPort returns a loopback port nothing listens on.
func remoteClosedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	return port
}

// remoteSkipOrFail skips with msg, or fails when CI=true, where everything must be installed.
func remoteSkipOrFail(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// remoteDescendants returns the processes below pid whose command line contains substr.
func remoteDescendants(pid int, substr string) []int {
	children := map[int][]int{}
	cmdline := map[int]string{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		var p int
		if _, err := fmt.Sscanf(e.Name(), "%d", &p); err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
		s := string(stat)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 2 || f[0] == "Z" {
			continue
		}
		var ppid int
		fmt.Sscanf(f[1], "%d", &ppid)
		children[ppid] = append(children[ppid], p)
		c, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		cmdline[p] = strings.ReplaceAll(string(c), "\x00", " ")
	}
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			if strings.Contains(cmdline[c], substr) {
				out = append(out, c)
			}
			queue = append(queue, c)
		}
	}
	return out
}
