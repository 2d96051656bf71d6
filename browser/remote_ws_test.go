package browser

import (
	"bufio"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/cdp"
	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"
)

// serverFrame is an unmasked frame as a server sends it.
func serverFrame(fin bool, op byte, payload string) []byte {
	b0 := op
	if fin {
		b0 |= 0x80
	}
	return append([]byte{b0, byte(len(payload))}, payload...)
}

// fakeWSServer upgrades one connection, checks the handshake, and hands the raw connection to
// script.
func fakeWSServer(t *testing.T, script func(peer *remoteWebSocket)) string {
	t.Helper()
	var wg sync.WaitGroup
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "websocket" || r.Header.Get("X-Token") != "t0k3n-value" {
			http.Error(w, "no upgrade or token", http.StatusForbidden)
			return
		}
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		wg.Add(1)
		defer wg.Done()
		defer func() { _ = conn.Close() }()
		sum := sha1.Sum([]byte(r.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		_, _ = rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Accept: " + base64.StdEncoding.EncodeToString(sum[:]) + "\r\n\r\n")
		_ = rw.Flush()
		script(&remoteWebSocket{conn: conn, r: bufio.NewReader(rw)})
	}))
	t.Cleanup(func() {
		srv.Close()
		wg.Wait()
	})
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/devtools/browser/x"
}

func TestRemoteWebSocketHandlesControlAndFragmentedFrames(t *testing.T) {
	pong := make(chan string, 1)
	wsURL := fakeWSServer(t, func(peer *remoteWebSocket) {
		// What we send arrives masked and whole.
		_, op, msg, err := peer.readFrame()
		if err != nil || op != wsText || string(msg) != `{"id":1}` {
			return
		}
		_, _ = peer.conn.Write(serverFrame(true, wsPing, "are you there"))
		if _, op, p, err := peer.readFrame(); err == nil && op == wsPong {
			pong <- string(p)
		}
		_, _ = peer.conn.Write(serverFrame(true, wsPong, ""))
		_, _ = peer.conn.Write(serverFrame(false, wsText, `{"id":1,`))
		_, _ = peer.conn.Write(serverFrame(true, wsPing, ""))
		_, _ = peer.conn.Write(serverFrame(true, wsContinuation, `"result":{}}`))
		_, _ = peer.conn.Write(serverFrame(true, wsClose, "\x03\xe9going away"))
		_, _, _, _ = peer.readFrame() // our close frame
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, err := dialRemoteWebSocket(ctx, wsURL, http.Header{"X-Token": {"t0k3n-value"}})
	require.NoError(t, err)
	require.NoError(t, ws.Send([]byte(`{"id":1}`)))
	msg, err := ws.Read()
	require.NoError(t, err)
	require.Equal(t, `{"id":1,"result":{}}`, string(msg), "pings and pongs skipped, fragments joined")
	require.Equal(t, "are you there", <-pong, "a ping is answered with its payload")
	_, err = ws.Read()
	require.ErrorContains(t, err, "the remote closed the websocket (code 1001: going away)")
	require.NoError(t, ws.Close())
}

func TestRemoteWebSocketRefusedHandshake(t *testing.T) {
	wsURL := fakeWSServer(t, func(*remoteWebSocket) {})
	_, err := dialRemoteWebSocket(context.Background(), wsURL, nil)
	var bad *cdp.BadHandshakeError
	require.ErrorAs(t, err, &bad)
	require.Contains(t, bad.Status, "403")
	require.Contains(t, bad.Body, "no upgrade or token")
}

func TestRemoteWebSocketHandshakeObeysTheContext(t *testing.T) {
	// A server that accepts the connection and never answers the upgrade.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := dialRemoteWebSocket(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Less(t, time.Since(start), 2*time.Second)
}

// Selenium Grid's CDP proxy pings every 30 seconds; rod's own websocket client would take the
// empty ping for a message and panic. A session must outlive a few pings.
func TestSeleniumSessionOutlivesTheGridsPings(t *testing.T) {
	srv := newRemoteTestServer(t, "selenium-hub")
	t.Parallel() // mostly waiting: overlap with other parallel tests
	b, err := Open(context.Background(), seleniumOpts(srv, nil))
	require.NoError(t, err)
	defer func() { require.NoError(t, b.Close()) }()
	page, err := b.Rod.Page(proto.TargetCreateTarget{URL: "about:blank"})
	require.NoError(t, err)
	start := time.Now()
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for time.Since(start) < 35*time.Second {
		<-tick.C
		v, err := page.Eval(`() => 6 * 7`)
		require.NoError(t, err, "after %s", time.Since(start).Round(time.Second))
		require.Equal(t, 42, v.Value.Int())
	}
}
