package browser

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv"
)

// startTestChromium starts a real headless Chromium with a DevTools port, as a team would run a
// shared remote browser, and kills it when the test ends.
func startTestChromium(t *testing.T) *remoteTestServer {
	t.Helper()
	bin, err := FindChromium("")
	if err != nil {
		remoteSkipOrFail(t, "cdp tests: no Chromium: apt-get install -y chromium")
	}
	ws, pid := testenv.StartChromiumCDP(t, bin)
	return &remoteTestServer{Kind: "cdp", URL: ws, PID: pid}
}

func TestRemoteCDPConnectsInEveryURLForm(t *testing.T) {
	srv := newRemoteTestServer(t, "cdp")
	pageURL := remoteTestPage(t)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	forms := []struct{ name, url string }{
		{"ws", srv.URL},
		{"http", "http://" + u.Host},
		{"host-port", u.Host},
		{"localhost", "localhost:" + u.Port()},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			b, err := Open(context.Background(), Options{Headless: true, Remote: RemoteOptions{
				Kind: "cdp", URL: f.url, SessionTimeout: 20 * time.Second,
			}})
			require.NoError(t, err)
			require.Equal(t, KindCDP, b.Kind)
			require.True(t, b.Headless, "the remote runs headless and says so")
			runIncognitoFlow(t, b, pageURL, f.name)
			require.NoError(t, b.Close())
			require.NoError(t, b.Close(), "Close twice is fine")
			requireRemoteCDPClean(t, srv, pageURL)
		})
	}
}

// requireRemoteCDPClean checks that the remote browser outlived our Close and holds nothing of
// ours: no browser context, no page on the test server.
func requireRemoteCDPClean(t *testing.T, srv *remoteTestServer, pageURL string) {
	t.Helper()
	require.NoError(t, syscall.Kill(srv.PID, 0), "the remote browser must still run")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rb, closeWS, err := connectRod(ctx, srv.URL, Options{}, nil)
	require.NoError(t, err, "the remote browser must still answer")
	defer func() { _ = closeWS() }()
	require.Eventually(t, func() bool {
		contexts, err := proto.TargetGetBrowserContexts{}.Call(rb)
		if err != nil || len(contexts.BrowserContextIDs) > 0 {
			return false
		}
		targets, err := proto.TargetGetTargets{}.Call(rb)
		if err != nil {
			return false
		}
		for _, ti := range targets.TargetInfos {
			if strings.HasPrefix(ti.URL, pageURL) {
				return false
			}
		}
		return true
	}, 5*time.Second, 50*time.Millisecond, "our contexts and pages must be gone from the remote browser")
}

// A context created to be disposed on detach goes with our websocket, even when its flow never
// disposed of it (a crashed or killed runner): nothing piles up in a shared remote browser.
func TestRemoteCDPCloseDropsContextsDisposedOnDetach(t *testing.T) {
	srv := newRemoteTestServer(t, "cdp")
	pageURL := remoteTestPage(t)
	b, err := Open(context.Background(), Options{Headless: true, Remote: RemoteOptions{Kind: "cdp", URL: srv.URL}})
	require.NoError(t, err)
	res, err := proto.TargetCreateBrowserContext{DisposeOnDetach: true}.Call(b.Rod)
	require.NoError(t, err)
	_, err = proto.TargetCreateTarget{URL: pageURL + "/?who=forgotten", BrowserContextID: res.BrowserContextID}.Call(b.Rod)
	require.NoError(t, err)
	require.NoError(t, b.Close())
	requireRemoteCDPClean(t, srv, pageURL)
}

func TestRemoteCDPUnreachable(t *testing.T) {
	port := remoteClosedPort(t)
	for _, raw := range []string{fmt.Sprintf("127.0.0.1:%d", port), fmt.Sprintf("http://me:pw-secret@127.0.0.1:%d", port)} {
		start := time.Now()
		_, err := Open(context.Background(), Options{Remote: RemoteOptions{Kind: "cdp", URL: raw}})
		msg := requireSetupError(t, err,
			fmt.Sprintf("cdp http://127.0.0.1:%d: unreachable (connection refused): start Chromium with --remote-debugging-port", port))
		require.NotContains(t, msg, "pw-secret")
		require.Less(t, time.Since(start), 2*time.Second)
	}
}

func TestRemoteCDPBadURL(t *testing.T) {
	_, err := Open(context.Background(), Options{Remote: RemoteOptions{Kind: "cdp", URL: "ftp://host:9222"}})
	requireSetupError(t, err, `scheme "ftp" not supported`)
	_, err = Open(context.Background(), Options{Remote: RemoteOptions{Kind: "cdp"}})
	requireSetupError(t, err, "browser.remote.url is empty")
}

func TestResolveCDPURLRewritesTheRemotesOwnHost(t *testing.T) {
	var gotAuth, gotHost string
	answer := "ws://0.0.0.0:9222/devtools/browser/abc"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotHost = r.Header.Get("Authorization"), r.Host
		if r.URL.Path != "/base/json/version" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `{"Browser":"Chrome/1","webSocketDebuggerUrl":%q}`, answer)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	resolve := func(raw string, headers map[string]string) (string, error) {
		r, err := parseRemoteURL(raw, "http", "ws", "wss", "http", "https")
		require.NoError(t, err)
		h := remoteHeader(Options{Remote: RemoteOptions{Headers: headers}}, r)
		return resolveCDPURL(context.Background(), remoteHTTPClient(time.Second), r, h)
	}

	ws, err := resolve("http://user:pw@"+host+"/base", nil)
	require.NoError(t, err)
	require.Equal(t, "ws://"+host+"/devtools/browser/abc", ws, "0.0.0.0:9222 is the remote's view; ours is the address we used")
	require.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte("user:pw")), gotAuth)

	_, err = resolve(host+"/base", map[string]string{"Host": "localhost"})
	require.NoError(t, err)
	require.Equal(t, "localhost", gotHost, "a Host header reaches the remote (Chromium wants an IP or localhost)")

	answer = "ws://chrome.internal:9222/devtools/browser/abc"
	ws, err = resolve(host+"/base", nil)
	require.NoError(t, err)
	require.Equal(t, answer, ws, "a real host name in the answer is kept")

	_, err = resolve(host+"/other", nil)
	require.ErrorContains(t, err, "HTTP 404")
}

func TestRewriteCDPHost(t *testing.T) {
	for _, c := range []struct{ ws, given, want string }{
		{"ws://127.0.0.1:9222/devtools/browser/x", "http://10.1.2.3:9222", "ws://10.1.2.3:9222/devtools/browser/x"},
		{"ws://localhost:9222/devtools/browser/x", "http://chrome:9333", "ws://chrome:9333/devtools/browser/x"},
		{"ws://127.0.0.1:9222/devtools/browser/x", "http://127.0.0.1:9222", "ws://127.0.0.1:9222/devtools/browser/x"},
		{"ws://[::]:9222/devtools/browser/x", "https://chrome.example", "wss://chrome.example/devtools/browser/x"},
		{"ws://10.0.0.5:9222/devtools/browser/x", "http://chrome:9222", "ws://10.0.0.5:9222/devtools/browser/x"},
	} {
		given, err := url.Parse(c.given)
		require.NoError(t, err)
		got, err := rewriteCDPHost(c.ws, given)
		require.NoError(t, err)
		require.Equal(t, c.want, got, "%s via %s", c.ws, c.given)
	}
}
