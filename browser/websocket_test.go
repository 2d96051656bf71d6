package browser

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/cdp"
	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"
)

// wsTestServer upgrades connections that carry the right token and hands them to script.
func wsTestServer(t *testing.T, script func(peer *websocket.Conn)) string {
	t.Helper()
	var wg sync.WaitGroup
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Token") != "t0k3n-value" {
			http.Error(w, "no token", http.StatusForbidden)
			return
		}
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		wg.Add(1)
		defer wg.Done()
		defer conn.Close()
		script(conn)
	}))
	t.Cleanup(func() {
		srv.Close()
		wg.Wait()
	})
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/devtools/browser/x"
}

// A grid's CDP proxy pings between messages: the ping is answered, and only messages are read.
func TestWebSocketAnswersPingsAndReadsOnlyMessages(t *testing.T) {
	pong := make(chan string, 1)
	wsURL := wsTestServer(t, func(peer *websocket.Conn) {
		if _, msg, err := peer.ReadMessage(); err != nil || string(msg) != `{"id":1}` {
			return
		}
		peer.SetPongHandler(func(data string) error { pong <- data; return nil })
		_ = peer.WriteControl(websocket.PingMessage, []byte("are you there"), time.Now().Add(time.Second))
		w, _ := peer.NextWriter(websocket.TextMessage)
		_, _ = w.Write([]byte(`{"id":1,"result":{}}`))
		_ = w.Close()
		_ = peer.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "going away"))
		_, _, _ = peer.ReadMessage() // reads our pong, then our close
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, err := dialWebSocket(ctx, wsURL, http.Header{"X-Token": {"t0k3n-value"}})
	require.NoError(t, err)
	require.NoError(t, ws.Send([]byte(`{"id":1}`)))
	msg, err := ws.Read()
	require.NoError(t, err)
	require.Equal(t, `{"id":1,"result":{}}`, string(msg), "the ping is not a message")
	_, err = ws.Read()
	require.ErrorContains(t, err, "websocket closed, code 1001: going away")
	require.Equal(t, "are you there", <-pong, "the ping was answered with its payload")
	require.NoError(t, ws.Close())
}

func TestWebSocketRefusedHandshake(t *testing.T) {
	wsURL := wsTestServer(t, func(*websocket.Conn) {})
	_, err := dialWebSocket(context.Background(), wsURL, nil)
	var bad *cdp.BadHandshakeError
	require.ErrorAs(t, err, &bad)
	require.Contains(t, bad.Status, "403")
	require.Contains(t, bad.Body, "no token")
}

func TestWebSocketHandshakeObeysTheContext(t *testing.T) {
	// A server that accepts the connection and never answers the upgrade.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := dialWebSocket(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Less(t, time.Since(start), 2*time.Second)
}
