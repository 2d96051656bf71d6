package browser

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"
)

// fakeCDP is a DevTools endpoint that answers every call with an empty result, except that
// while silent it answers nothing (a grid router that keeps the socket of a dead node open), and
// while slow it answers only Browser.getVersion at once and the rest after slow.
type fakeCDP struct {
	silent atomic.Bool
	slow   atomic.Int64 // nanoseconds
	url    string
}

func newFakeCDP(t *testing.T) *fakeCDP {
	f := &fakeCDP{}
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		out := make(chan []byte, 64)
		go func() {
			for m := range out {
				_ = conn.WriteMessage(websocket.TextMessage, m)
			}
		}()
		defer close(out)
		for {
			_, msg, err := conn.ReadMessage()
			if err != nil {
				return
			}
			if f.silent.Load() {
				continue
			}
			var req struct {
				ID     int    `json:"id"`
				Method string `json:"method"`
			}
			_ = json.Unmarshal(msg, &req)
			res, _ := json.Marshal(map[string]any{"id": req.ID, "result": map[string]any{}})
			if d := time.Duration(f.slow.Load()); d > 0 && req.Method != "Browser.getVersion" {
				time.AfterFunc(d, func() { _ = conn.WriteMessage(websocket.TextMessage, res) })
				continue
			}
			out <- res
		}
	}))
	t.Cleanup(srv.Close)
	f.url = "ws" + strings.TrimPrefix(srv.URL, "http")
	return f
}

func fastProbes(t *testing.T) {
	oldAfter, oldTimeout := probeAfter, probeTimeout
	probeAfter, probeTimeout = 200*time.Millisecond, 300*time.Millisecond
	t.Cleanup(func() { probeAfter, probeTimeout = oldAfter, oldTimeout })
}

// A browser that stops answering while its socket stays open is found dead by the probe: a call
// given no deadline at all fails with one line naming it, and so do all later calls, at once.
func TestSilentBrowserIsFoundDead(t *testing.T) {
	fastProbes(t)
	f := newFakeCDP(t)
	for _, tc := range []struct {
		kind Kind
		want string
	}{
		{KindLocal, "browser stopped answering (no reply to Target.createTarget in "},
		{KindSelenium, "grid node went away (no reply to Target.createTarget in "},
	} {
		f.silent.Store(false)
		rb, lc, err := connectRod(context.Background(), f.url, Options{Remote: RemoteOptions{Kind: tc.kind}}, nil)
		require.NoError(t, err)
		f.silent.Store(true)
		start := time.Now()
		_, err = proto.TargetCreateTarget{URL: "about:blank"}.Call(rb) // rod's context: no deadline
		require.Less(t, time.Since(start), 5*time.Second)
		var dead *DeadError
		require.ErrorAs(t, err, &dead)
		require.True(t, strings.HasPrefix(err.Error(), tc.want), err.Error())
		select {
		case <-lc.Died():
		default:
			t.Fatal("Died is closed")
		}
		_, err = proto.BrowserGetVersion{}.Call(rb)
		require.True(t, errors.As(err, &dead), "later calls fail at once: %v", err)
		require.NoError(t, lc.Close())
	}
}

// A browser that is slow to answer a call but answers the probe is left alone: the call gets its
// answer.
func TestSlowBrowserIsNotFoundDead(t *testing.T) {
	fastProbes(t)
	f := newFakeCDP(t)
	rb, lc, err := connectRod(context.Background(), f.url, Options{}, nil)
	require.NoError(t, err)
	defer func() { _ = lc.Close() }()
	f.slow.Store(int64(4 * (probeAfter + probeTimeout)))
	_, err = proto.TargetCreateTarget{URL: "about:blank"}.Call(rb)
	require.NoError(t, err)
	require.Nil(t, lc.Dead())
}

// A connection the other end closes is a dead browser too, said as such.
func TestClosedConnectionIsFoundDead(t *testing.T) {
	fastProbes(t)
	f := newFakeCDP(t)
	rb, lc, err := connectRod(context.Background(), f.url, Options{Remote: RemoteOptions{Kind: KindCDP}}, nil)
	require.NoError(t, err)
	defer func() { _ = lc.Close() }()
	require.NoError(t, lc.ws.conn.UnderlyingConn().Close()) // as if the far end went away
	<-lc.Died()
	require.Contains(t, lc.Dead().Error(), "the DevTools endpoint closed the connection")
	_, err = proto.BrowserGetVersion{}.Call(rb)
	require.Error(t, err)
}

// A flow's pages are cached in its context's own state map, not in the one of the connected
// browser, which lives as long as the run: rod caches every page it opens in a map its clones
// share, and a run of 1,000 flows kept 1,000 pages.
func TestClosedContextLeavesNoPageCached(t *testing.T) {
	b, err := Open(context.Background(), Options{Headless: true})
	require.NoError(t, err)
	defer func() { _ = b.Close() }()
	c, err := b.NewContext(context.Background())
	require.NoError(t, err)
	_, err = c.NewPage(context.Background())
	require.NoError(t, err)
	rootStates := reflect.ValueOf(b.Rod).Elem().FieldByName("states").Pointer()
	ctxStates := reflect.ValueOf(c.Rod).Elem().FieldByName("states").Pointer()
	require.NotEqual(t, rootStates, ctxStates, "the context has a cache of its own")
	require.NoError(t, c.Close())
}
