package browser

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/cdp"
	"github.com/gorilla/websocket"
)

// maxMessage bounds one CDP message (full-page screenshots are big).
const maxMessage = 512 << 20

// sendTimeout bounds writing one CDP message to the socket.
const sendTimeout = 30 * time.Second

// webSocket carries CDP for rod's client over gorilla/websocket. rod's own websocket takes every
// frame for a whole JSON message and panics (killing the process) on anything else, but what
// stands between us and a remote browser may send control frames or split messages: Selenium
// Grid's CDP proxy pings every 30 seconds. gorilla answers pings, joins fragments and handles
// the close handshake.
type webSocket struct {
	conn      *websocket.Conn
	wmu       sync.Mutex // one writer at a time
	closeOnce sync.Once
	closeErr  error

	read    atomic.Int64  // when the last message or pong came, in Unix nanoseconds
	ended   chan struct{} // closed once reading failed or Close was called
	endOnce sync.Once
	readErr atomic.Pointer[error] // why reading failed
}

// dialWebSocket opens a websocket to a ws:// or wss:// URL with header (a "Host" entry sets the
// Host), the dial and the handshake bounded by ctx. A refused upgrade is a
// *cdp.BadHandshakeError with the status and the start of the body.
func dialWebSocket(ctx context.Context, wsURL string, header http.Header) (*webSocket, error) {
	d := websocket.Dialer{ReadBufferSize: 64 << 10, WriteBufferSize: 64 << 10, HandshakeTimeout: time.Minute}
	conn, res, err := d.DialContext(ctx, wsURL, header)
	if err != nil {
		if errors.Is(err, websocket.ErrBadHandshake) && res != nil {
			body, _ := io.ReadAll(io.LimitReader(res.Body, 4<<10))
			_ = res.Body.Close()
			return nil, &cdp.BadHandshakeError{Status: res.Status, Body: string(body)}
		}
		var ne net.Error
		if _, hasDeadline := ctx.Deadline(); hasDeadline && errors.As(err, &ne) && ne.Timeout() {
			<-ctx.Done() // gorilla's connection deadline is ctx's: it is passing right now
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("websocket handshake: %w", ctx.Err())
		}
		return nil, err
	}
	conn.SetReadLimit(maxMessage)
	ws := &webSocket{conn: conn, ended: make(chan struct{})}
	ws.read.Store(time.Now().UnixNano())
	conn.SetPongHandler(func(string) error {
		ws.read.Store(time.Now().UnixNano())
		return nil
	})
	return ws, nil
}

// Send sends one message.
func (ws *webSocket) Send(data []byte) error {
	ws.wmu.Lock()
	defer ws.wmu.Unlock()
	// A peer that stopped reading (frozen) must not block a send for ever: the socket's buffer
	// takes any CDP request at once while the peer lives.
	_ = ws.conn.SetWriteDeadline(time.Now().Add(sendTimeout))
	return ws.conn.WriteMessage(websocket.TextMessage, data)
}

// Read returns the next whole message; control frames are handled on the way.
func (ws *webSocket) Read() ([]byte, error) {
	_, msg, err := ws.conn.ReadMessage()
	if err != nil {
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			err = fmt.Errorf("websocket closed, code %d: %s", ce.Code, ce.Text)
		}
		ws.readErr.CompareAndSwap(nil, &err)
		ws.end()
		return nil, err
	}
	ws.read.Store(time.Now().UnixNano())
	return msg, nil
}

// lastRead returns when the last message (or pong) came.
func (ws *webSocket) lastRead() time.Time { return time.Unix(0, ws.read.Load()) }

// readError returns why reading failed, or nil.
func (ws *webSocket) readError() error {
	if p := ws.readErr.Load(); p != nil {
		return *p
	}
	return nil
}

// ping sends a websocket ping, written by deadline; its pong counts as something read.
func (ws *webSocket) ping(deadline time.Time) {
	_ = ws.conn.WriteControl(websocket.PingMessage, nil, deadline)
}

func (ws *webSocket) end() { ws.endOnce.Do(func() { close(ws.ended) }) }

// Close sends a close frame (best effort, bounded) and closes the connection, once.
func (ws *webSocket) Close() error {
	ws.closeOnce.Do(func() {
		msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
		_ = ws.conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
		ws.closeErr = ws.conn.Close()
		ws.end()
	})
	return ws.closeErr
}

// connectRod opens a CDP websocket to wsURL and returns a rod browser on it that keeps the
// browser's own viewport and user agent, and its watched client, whose Close closes the
// websocket (and only that: the browser behind it lives on).
func connectRod(ctx context.Context, wsURL string, opts Options, header http.Header) (*rod.Browser, *liveClient, error) {
	ws, err := dialWebSocket(ctx, wsURL, header)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to DevTools at %s: %w", wsURL, err)
	}
	silent, gone := deadWords(opts.Remote.Kind)
	lc := newLiveClient(ws, silent, gone)
	// Not rod's Context(ctx): the browser's event loop lives as long as that context does.
	rb := rod.New().Client(lc).NoDefaultDevice()
	if opts.SlowMotion > 0 {
		rb = rb.SlowMotion(opts.SlowMotion)
	}
	if err := rb.Connect(); err != nil {
		_ = lc.Close()
		return nil, nil, fmt.Errorf("connect to DevTools at %s: %w", wsURL, err)
	}
	return rb, lc, nil
}

// deadWords returns how messages name a browser of this remote kind that stopped answering,
// and one whose connection ended.
func deadWords(kind Kind) (silent, gone string) {
	switch kind {
	case KindSelenium:
		return "grid node went away", "grid node went away"
	case KindCDP, KindRodManager:
		return "browser stopped answering", "the DevTools endpoint closed the connection"
	}
	return "browser stopped answering", "browser went away"
}
