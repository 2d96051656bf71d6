package browser

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha1"
	"crypto/tls"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/cdp"
)

// maxRemoteMessage bounds one CDP message from a remote (screenshots and traces are big).
const maxRemoteMessage = 512 << 20

// remoteWebSocket is the CDP websocket to a remote browser. rod's own client reads every frame
// as a complete JSON message, and its reader panics (killing the process) on anything else; but
// what stands between us and a remote browser may send control frames or split messages:
// Selenium Grid's CDP proxy pings every 30 seconds. This client speaks enough RFC 6455 for that:
// it answers pings, skips pongs, reassembles fragmented messages, ends cleanly on a close frame,
// and masks what it sends.
type remoteWebSocket struct {
	conn net.Conn
	r    *bufio.Reader

	wmu       sync.Mutex // frames we write: messages, pongs, the close frame
	closeOnce sync.Once
	closeErr  error
}

// dialRemoteWebSocket opens a websocket to a ws:// or wss:// URL with header (a "Host" entry
// sets the Host), the dial and handshake bounded by ctx.
func dialRemoteWebSocket(ctx context.Context, wsURL string, header http.Header) (*remoteWebSocket, error) {
	u, err := url.Parse(wsURL)
	if err != nil {
		return nil, err
	}
	addr := u.Host
	if u.Port() == "" {
		port := "80"
		if u.Scheme == "wss" {
			port = "443"
		}
		addr = net.JoinHostPort(u.Hostname(), port)
	}
	var conn net.Conn
	switch u.Scheme {
	case "ws":
		conn, err = (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	case "wss":
		conn, err = (&tls.Dialer{Config: &tls.Config{ServerName: u.Hostname()}}).DialContext(ctx, "tcp", addr)
	default:
		return nil, fmt.Errorf("websocket URL scheme %q: want ws or wss", u.Scheme)
	}
	if err != nil {
		return nil, err
	}
	// The handshake obeys ctx: when it ends, the connection's deadline passes.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	ws := &remoteWebSocket{conn: conn, r: bufio.NewReaderSize(conn, 64<<10)}
	err = ws.handshake(u, header)
	if !stop() && err == nil {
		err = ctx.Err() // ended just as the handshake did: the connection's deadline is spoiled
	}
	if err != nil {
		_ = conn.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("websocket handshake: %w", ctx.Err())
		}
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return ws, nil
}

func (ws *remoteWebSocket) handshake(u *url.URL, header http.Header) error {
	var nonce [16]byte
	_, _ = rand.Read(nonce[:])
	key := base64.StdEncoding.EncodeToString(nonce[:])
	target := *u
	target.Scheme = "http"
	if u.Scheme == "wss" {
		target.Scheme = "https"
	}
	target.User = nil
	req, err := http.NewRequest(http.MethodGet, target.String(), nil)
	if err != nil {
		return err
	}
	applyHeader(req, header)
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Sec-WebSocket-Key", key)
	req.Header.Set("Sec-WebSocket-Version", "13")
	if err := req.Write(ws.conn); err != nil {
		return err
	}
	res, err := http.ReadResponse(ws.r, req)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusSwitchingProtocols {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 4<<10))
		_ = res.Body.Close()
		return &cdp.BadHandshakeError{Status: res.Status, Body: string(body)}
	}
	sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	if res.Header.Get("Sec-WebSocket-Accept") != base64.StdEncoding.EncodeToString(sum[:]) {
		return &cdp.BadHandshakeError{Status: res.Status, Body: "bad Sec-WebSocket-Accept"}
	}
	return nil
}

// Websocket opcodes (RFC 6455 section 5.2).
const (
	wsContinuation = 0x0
	wsText         = 0x1
	wsBinary       = 0x2
	wsClose        = 0x8
	wsPing         = 0x9
	wsPong         = 0xa
)

// Send sends one text message.
func (ws *remoteWebSocket) Send(data []byte) error {
	return ws.writeFrame(wsText, data)
}

// Read returns the next whole message; control frames are handled on the way. After a close
// frame or a broken connection it returns an error, and the connection is closed.
func (ws *remoteWebSocket) Read() ([]byte, error) {
	var msg []byte
	inMessage := false
	for {
		fin, op, payload, err := ws.readFrame()
		if err != nil {
			_ = ws.Close()
			return nil, err
		}
		switch op {
		case wsPing:
			if err := ws.writeFrame(wsPong, payload); err != nil {
				_ = ws.Close()
				return nil, err
			}
			continue
		case wsPong:
			continue
		case wsClose:
			_ = ws.Close()
			return nil, fmt.Errorf("the remote closed the websocket%s", closeReason(payload))
		case wsText, wsBinary:
			if inMessage {
				_ = ws.Close()
				return nil, errors.New("websocket protocol error: a new message inside a fragmented one")
			}
			msg, inMessage = payload, true
		case wsContinuation:
			if !inMessage {
				_ = ws.Close()
				return nil, errors.New("websocket protocol error: a continuation frame outside a message")
			}
			if len(msg)+len(payload) > maxRemoteMessage {
				_ = ws.Close()
				return nil, fmt.Errorf("websocket message over %d bytes", maxRemoteMessage)
			}
			msg = append(msg, payload...)
		default:
			_ = ws.Close()
			return nil, fmt.Errorf("websocket protocol error: unknown opcode %d", op)
		}
		if fin {
			return msg, nil
		}
	}
}

// closeReason renders a close frame's status code and reason, if any.
func closeReason(payload []byte) string {
	if len(payload) < 2 {
		return ""
	}
	s := fmt.Sprintf(" (code %d", binary.BigEndian.Uint16(payload))
	if len(payload) > 2 {
		s += ": " + firstLineOf(string(payload[2:]), 120)
	}
	return s + ")"
}

func (ws *remoteWebSocket) readFrame() (fin bool, op byte, payload []byte, err error) {
	var h [2]byte
	if _, err = io.ReadFull(ws.r, h[:]); err != nil {
		return
	}
	fin, op = h[0]&0x80 != 0, h[0]&0x0f
	masked := h[1]&0x80 != 0
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var b [2]byte
		if _, err = io.ReadFull(ws.r, b[:]); err != nil {
			return
		}
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err = io.ReadFull(ws.r, b[:]); err != nil {
			return
		}
		n = binary.BigEndian.Uint64(b[:])
	}
	if n > maxRemoteMessage {
		err = fmt.Errorf("websocket frame of %d bytes, over %d", n, maxRemoteMessage)
		return
	}
	var mask [4]byte
	if masked {
		if _, err = io.ReadFull(ws.r, mask[:]); err != nil {
			return
		}
	}
	payload = make([]byte, n)
	if _, err = io.ReadFull(ws.r, payload); err != nil {
		return
	}
	if masked {
		for i := range payload {
			payload[i] ^= mask[i%4]
		}
	}
	return
}

// writeFrame writes one final, masked frame.
func (ws *remoteWebSocket) writeFrame(op byte, data []byte) error {
	frame := make([]byte, 0, len(data)+14)
	frame = append(frame, 0x80|op)
	switch n := len(data); {
	case n <= 125:
		frame = append(frame, 0x80|byte(n))
	case n <= 0xffff:
		frame = append(frame, 0x80|126)
		frame = binary.BigEndian.AppendUint16(frame, uint16(n))
	default:
		frame = append(frame, 0x80|127)
		frame = binary.BigEndian.AppendUint64(frame, uint64(n))
	}
	var mask [4]byte
	_, _ = rand.Read(mask[:])
	frame = append(frame, mask[:]...)
	start := len(frame)
	frame = append(frame, data...)
	for i := range data {
		frame[start+i] ^= mask[i%4]
	}
	ws.wmu.Lock()
	defer ws.wmu.Unlock()
	_, err := ws.conn.Write(frame)
	return err
}

// Close sends a close frame (best effort, bounded) and closes the connection, once.
func (ws *remoteWebSocket) Close() error {
	ws.closeOnce.Do(func() {
		_ = ws.conn.SetWriteDeadline(time.Now().Add(time.Second))
		_ = ws.writeFrame(wsClose, []byte{0x03, 0xe8}) // 1000: normal closure
		ws.closeErr = ws.conn.Close()
	})
	return ws.closeErr
}

// connectRemoteRod is connectRod over a remoteWebSocket: a rod browser on wsURL that keeps the
// browser's own viewport and user agent, and a function that closes the websocket (and only
// that). Every remote kind connects this way; see remoteWebSocket for why.
func connectRemoteRod(ctx context.Context, wsURL string, opts Options, header http.Header) (*rod.Browser, func() error, error) {
	ws, err := dialRemoteWebSocket(ctx, wsURL, header)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to DevTools at %s: %w", wsURL, err)
	}
	// Not rod's Context(ctx): the browser's event loop lives as long as that context does.
	// connectRodBounded bounds the first call instead.
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
