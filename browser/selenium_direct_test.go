package browser

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv"
)

// remotePort returns the port the browser's DevTools connection goes to.
func remotePort(t *testing.T, b *Browser) string {
	t.Helper()
	_, port, err := net.SplitHostPort(b.live.ws.conn.RemoteAddr().String())
	require.NoError(t, err)
	return port
}

// A session whose node runs on this machine is driven through the node's own DevTools port, its
// browser on the worker's CPUs; with ViaGrid, through the grid's proxy, its browser left alone.
func TestSeleniumReachesANodeOnThisMachineDirectly(t *testing.T) {
	srv := newRemoteTestServer(t, "selenium")
	grid, err := url.Parse(srv.URL)
	require.NoError(t, err)
	all, err := AllowedCPUs()
	require.NoError(t, err)
	testenv.Require(t, len(all) >= 2, "two CPUs or more", "run the tests on a machine with two CPUs or more")
	cpu := all[len(all)-1]

	b, err := Open(context.Background(), seleniumOpts(srv, func(o *Options) { o.NodeCPUs = []int{cpu} }))
	require.NoError(t, err)
	require.NotEqual(t, grid.Port(), remotePort(t, b), "DevTools straight to the node's browser")
	runIncognitoFlow(t, b, remoteTestPage(t), "direct")
	info, err := proto.SystemInfoGetProcessInfo{}.Call(b.Rod)
	require.NoError(t, err)
	want := map[string]bool{strconv.Itoa(cpu): true}
	for _, p := range info.ProcessInfo {
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			if got := testenv.CPULists(p.ID); len(got) > 0 { // none: the process ended
				assert.Equal(c, want, got, "process %d %s of the node's browser", p.ID, p.Type)
			}
		}, 5*time.Second, 50*time.Millisecond)
	}
	require.NoError(t, b.Close())
	requireGridIdle(t, srv, "Close ends the session")

	b, err = Open(context.Background(), seleniumOpts(srv, func(o *Options) { o.Remote.ViaGrid, o.NodeCPUs = true, []int{cpu} }))
	require.NoError(t, err)
	require.Equal(t, grid.Port(), remotePort(t, b), "DevTools through the grid")
	runIncognitoFlow(t, b, remoteTestPage(t), "via-grid")
	info, err = proto.SystemInfoGetProcessInfo{}.Call(b.Rod)
	require.NoError(t, err)
	for _, p := range info.ProcessInfo {
		if got := testenv.CPULists(p.ID); len(got) > 0 {
			require.NotEqual(t, want, got, "process %d %s: a browser reached through the grid is not moved", p.ID, p.Type)
		}
	}
	require.NoError(t, b.Close())
	requireGridIdle(t, srv, "Close ends the session")
}

// A node ends a session that got no WebDriver command for its --session-timeout (30s on the
// test grids), and DevTools messages that bypass the grid do not count: a session reached
// directly lives on only because e2e touches it through the grid. Without that, the node ends
// it, and the browser is found dead in one line.
func TestSeleniumDirectSessionOutlivesTheNodesSessionTimeout(t *testing.T) {
	srv := newRemoteTestServer(t, "selenium-hub")
	for _, c := range []struct {
		name      string
		keepAlive time.Duration
	}{{"kept-alive", 0}, {"not-kept-alive", time.Hour}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // mostly waiting
			b, err := Open(context.Background(), seleniumOpts(srv, func(o *Options) { o.keepAlive = c.keepAlive }))
			require.NoError(t, err)
			defer func() { _ = b.Close() }()
			require.NotEqual(t, strings.TrimPrefix(srv.URL, "http://127.0.0.1:"), remotePort(t, b), "reached directly")
			start := time.Now()
			tick := time.NewTicker(5 * time.Second)
			defer tick.Stop()
			for time.Since(start) < 75*time.Second {
				<-tick.C
				_, err := proto.BrowserGetVersion{}.Call(b.Rod)
				if c.keepAlive == 0 {
					require.NoError(t, err, "after %s", time.Since(start).Round(time.Second))
					continue
				}
				if err != nil {
					require.Regexp(t, `^grid node went away \(websocket closed, code 1006: unexpected EOF\)$`, b.Dead().Error())
					return
				}
			}
			require.Zero(t, c.keepAlive, "the node kept a session nobody touched past its timeout")
		})
	}
}

// The keep-alive says in one line when the grid no longer knows the session.
func TestSeleniumKeepAliveNoticesTheSessionGone(t *testing.T) {
	g := newFakeGrid(t)
	u, err := url.Parse(g.URL)
	require.NoError(t, err)
	gc := &gridClient{base: u, header: http.Header{}, client: remoteHTTPClient(time.Second), where: "selenium grid " + g.URL}
	gone := make(chan error, 1)
	stop := make(chan struct{})
	defer close(stop)
	go gc.keepAlive("fake-9", 50*time.Millisecond, stop, func(err error) { gone <- err })
	select {
	case err := <-gone:
		require.EqualError(t, err, "the grid no longer knows session fake-9")
	case <-time.After(10 * time.Second):
		t.Fatal("the keep-alive did not notice")
	}
}
