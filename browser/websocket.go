package browser

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/cdp"
	"github.com/gorilla/websocket"
)

// maxMessage bounds one CDP message (full-page screenshots are big).
const maxMessage = 512 << 20

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
	return &webSocket{conn: conn}, nil
}

// Send sends one message.
func (ws *webSocket) Send(data []byte) error {
	ws.wmu.Lock()
	defer ws.wmu.Unlock()
	return ws.conn.WriteMessage(websocket.TextMessage, data)
}

// Read returns the next whole message; control frames are handled on the way.
func (ws *webSocket) Read() ([]byte, error) {
	_, msg, err := ws.conn.ReadMessage()
	if err != nil {
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return nil, fmt.Errorf("the browser's end closed the websocket (code %d: %s)", ce.Code, ce.Text)
		}
		return nil, err
	}
	return msg, nil
}

// Close sends a close frame (best effort, bounded) and closes the connection, once.
func (ws *webSocket) Close() error {
	ws.closeOnce.Do(func() {
		msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
		_ = ws.conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
		ws.closeErr = ws.conn.Close()
	})
	return ws.closeErr
}

// connectRod opens a CDP websocket to wsURL and returns a rod browser on it that keeps the
// browser's own viewport and user agent, and a function that closes the websocket (and only
// that: the browser behind it lives on).
func connectRod(ctx context.Context, wsURL string, opts Options, header http.Header) (*rod.Browser, func() error, error) {
	ws, err := dialWebSocket(ctx, wsURL, header)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to DevTools at %s: %w", wsURL, err)
	}
	// Not rod's Context(ctx): the browser's event loop lives as long as that context does.
	rb := rod.New().Client(cdp.New().Start(ws)).NoDefaultDevice()
	if opts.SlowMotion > 0 {
		rb = rb.SlowMotion(opts.SlowMotion)
	}
	if err := rb.Connect(); err != nil {
		_ = ws.Close()
		return nil, nil, fmt.Errorf("connect to DevTools at %s: %w", wsURL, err)
	}
	return rb, ws.Close, nil
}
