package browser

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"
)

// seleniumOpts returns options for a session on srv with the given extra settings.
func seleniumOpts(srv *remoteTestServer, mod func(*Options)) Options {
	opts := Options{Headless: true, Remote: RemoteOptions{
		Kind: "selenium", URL: srv.URL, SessionTimeout: 60 * time.Second, Headers: map[string]string{},
	}}
	for k := range srv.Header {
		opts.Remote.Headers[k] = srv.Header.Get(k)
	}
	if mod != nil {
		mod(&opts)
	}
	return opts
}

func TestSeleniumStandalone(t *testing.T) {
	srv := newRemoteTestServer(t, "selenium")
	pageURL := remoteTestPage(t)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)

	t.Run("credentials-in-url", func(t *testing.T) {
		withUser := fmt.Sprintf("http://%s:%s@%s", testGridUser, testGridPass, u.Host)
		b, err := Open(context.Background(), seleniumOpts(srv, func(o *Options) {
			o.Remote.URL, o.Remote.Headers = withUser, nil
		}))
		require.NoError(t, err)
		require.Equal(t, KindSelenium, b.Kind)
		require.Equal(t, 1, queryGrid(t, srv).Sessions)
		runIncognitoFlow(t, b, pageURL, "standalone")
		require.NoError(t, b.Close())
		requireGridIdle(t, srv, "Close ends the WebDriver session")
		require.NoError(t, b.Close(), "Close twice is fine")
	})

	t.Run("headers-and-capabilities", func(t *testing.T) {
		b, err := Open(context.Background(), seleniumOpts(srv, func(o *Options) {
			o.Remote.Capabilities = map[string]any{
				"platformName": "linux",
				"se:name":      "e2e remote test",
				chromeOptionsKey: map[string]any{
					"binary": "/usr/bin/chromium",
					"args":   []any{"--user-agent=e2e-merged-args"},
				},
			}
		}))
		require.NoError(t, err)
		defer func() { require.NoError(t, b.Close()) }()
		require.True(t, b.Headless)
		page, err := b.Rod.Page(proto.TargetCreateTarget{URL: "about:blank"})
		require.NoError(t, err)
		ua, err := page.Eval(`() => navigator.userAgent`)
		require.NoError(t, err)
		require.Equal(t, "e2e-merged-args", ua.Value.Str(), "our args and the configured ones both reach Chrome")
		require.NoError(t, page.Close())
	})

	t.Run("wd-hub-path", func(t *testing.T) {
		b, err := Open(context.Background(), seleniumOpts(srv, func(o *Options) { o.Remote.URL += "/wd/hub/" }))
		require.NoError(t, err)
		runIncognitoFlow(t, b, pageURL, "wd-hub")
		require.NoError(t, b.Close())
		requireGridIdle(t, srv, "after Close")
	})

	t.Run("wrong-password", func(t *testing.T) {
		start := time.Now()
		_, err := Open(context.Background(), seleniumOpts(srv, func(o *Options) {
			o.Remote.URL, o.Remote.Headers = fmt.Sprintf("http://%s:wrong-pw-123@%s", testGridUser, u.Host), nil
		}))
		msg := requireSetupError(t, err, "selenium grid "+srv.URL+": unauthorized (HTTP 401): ")
		require.NotContains(t, msg, "wrong-pw-123")
		require.Less(t, time.Since(start), 2*time.Second)
	})

	t.Run("no-node-matches", func(t *testing.T) {
		for caps, want := range map[string]map[string]any{
			"{browserName: chrome, platformName: windows}": {"platformName": "windows"},
			"{browserName: firefox}":                       {"browserName": "firefox"},
		} {
			start := time.Now()
			_, err := Open(context.Background(), seleniumOpts(srv, func(o *Options) {
				o.Remote.Capabilities, o.Remote.SessionTimeout = want, 10*time.Second
			}))
			requireSetupError(t, err, "selenium grid "+srv.URL+": no node matches the capabilities "+caps+
				": Could not start a new session. No nodes support the capabilities")
			require.Less(t, time.Since(start), 5*time.Second, "this grid refuses at once")
		}
		requireGridIdle(t, srv, "after refused sessions")
	})

	t.Run("queue-full", func(t *testing.T) {
		b1, err := Open(context.Background(), seleniumOpts(srv, nil))
		require.NoError(t, err)
		start := time.Now()
		_, err = Open(context.Background(), seleniumOpts(srv, func(o *Options) { o.Remote.SessionTimeout = 3 * time.Second }))
		took := time.Since(start)
		requireSetupError(t, err, "selenium grid "+srv.URL+": no session within 3s (the grid's queue is full?): raise browser.remote.session_timeout or add nodes")
		require.GreaterOrEqual(t, took, 3*time.Second)
		require.Less(t, took, 7*time.Second)
		// Selenium 4.20 drops the request we gave up on only at its own request timeout: were
		// the slot freed before, that request would become a session nobody uses.
		requireQueueEmpty(t, srv, "the grid drops the request we gave up on")
		require.NoError(t, b1.Close())
		requireGridIdle(t, srv, "the request we gave up on must not become a session")

		// The only slot is free again: a session nobody asked for would hold it.
		b3, err := Open(context.Background(), seleniumOpts(srv, func(o *Options) { o.Remote.SessionTimeout = 20 * time.Second }))
		require.NoError(t, err)
		runIncognitoFlow(t, b3, pageURL, "after-queue")
		require.NoError(t, b3.Close())
		requireGridIdle(t, srv, "after the last session")
	})
}

func TestSeleniumHubSpreadsSessionsOverNodes(t *testing.T) {
	srv := newRemoteTestServer(t, "selenium-hub")
	pageURL := remoteTestPage(t)

	var wg sync.WaitGroup
	browsers := make([]*Browser, 2)
	errs := make([]error, 2)
	for i := range browsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			browsers[i], errs[i] = Open(context.Background(), seleniumOpts(srv, nil))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "session %d", i)
		defer func() { _ = browsers[i].Close() }()
	}
	counts := queryGrid(t, srv)
	require.Equal(t, 2, counts.Sessions)
	require.Len(t, counts.PerNode, 2)
	for node, n := range counts.PerNode {
		require.Equal(t, 1, n, "node %s runs one of our sessions", node)
	}
	for i, b := range browsers {
		runIncognitoFlow(t, b, pageURL, fmt.Sprintf("node%d", i))
	}
	for i := range browsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = browsers[i].Close()
		}()
	}
	wg.Wait()
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	requireGridIdle(t, srv, "after Close")
}

func TestSeleniumHubNoNodeMatchesAfterTheTimeout(t *testing.T) {
	srv := newRemoteTestServer(t, "selenium-hub")
	start := time.Now()
	_, err := Open(context.Background(), seleniumOpts(srv, func(o *Options) {
		o.Remote.Capabilities = map[string]any{"platformName": "windows"}
		o.Remote.SessionTimeout = 3 * time.Second
	}))
	took := time.Since(start)
	requireSetupError(t, err, "selenium grid "+srv.URL+": no node matches the capabilities {browserName: chrome, platformName: windows}: the grid offers {browserName: chrome, platformName: linux}: fix browser.remote.capabilities")
	require.GreaterOrEqual(t, took, 3*time.Second, "this grid queues what it cannot serve")
	require.Less(t, took, 7*time.Second)
	requireGridIdle(t, srv, "the request we gave up on must leave the queue")
}

func TestSeleniumGridDown(t *testing.T) {
	port := remoteClosedPort(t)
	start := time.Now()
	_, err := Open(context.Background(), Options{Remote: RemoteOptions{
		Kind: "selenium", URL: fmt.Sprintf("http://admin:top-secret-pw@127.0.0.1:%d", port),
	}})
	msg := requireSetupError(t, err)
	require.Equal(t, fmt.Sprintf("selenium grid http://127.0.0.1:%d: unreachable (connection refused): start the grid or fix browser.remote.url", port), msg)
	require.Less(t, time.Since(start), 2*time.Second)
	require.False(t, strings.Contains(msg, "top-secret-pw") || strings.Contains(msg, "admin"))
}
