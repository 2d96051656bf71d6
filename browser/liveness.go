package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod/lib/cdp"
)

// Liveness bounds: a CDP call is overdue once it has waited probeAfter with nothing at all
// coming from the browser meanwhile; the browser is then asked Browser.getVersion, which its
// browser process answers at once whatever its pages do, and declared dead if no reply comes
// within probeTimeout. A frozen browser, or a grid node gone behind a router that keeps our
// websocket open, is so found within probeAfter+probeTimeout of its first unanswered call,
// whatever context that call was given.
var (
	probeAfter   = 2 * time.Second
	probeTimeout = 5 * time.Second
)

// DeadError says why a browser was given up for dead: which call got no reply, and for how long.
// Its text is one line: "browser stopped answering (no reply to Target.createTarget in 10s)" or,
// for a Selenium session, "grid node went away (...)".
type DeadError struct {
	// What is "browser stopped answering" or "grid node went away".
	What string
	// Method is the CDP call that got no reply; empty when the connection itself failed.
	Method string
	// After is how long it waited.
	After time.Duration
	// Err is the connection's own error, when it ended rather than went silent.
	Err error
}

// Error returns the one-line description.
func (e *DeadError) Error() string {
	switch {
	case e.Method != "":
		return fmt.Sprintf("%s (no reply to %s in %s)", e.What, e.Method, e.After.Round(time.Second))
	case e.Err != nil:
		return fmt.Sprintf("%s (%v)", e.What, e.Err)
	}
	return e.What
}

// Unwrap returns the connection's error, if any.
func (e *DeadError) Unwrap() error { return e.Err }

// liveClient is rod's CDP client on our websocket, watched: it keeps the calls in flight, and a
// watchdog probes the browser when one is overdue (see probeAfter). A browser found dead has its
// websocket closed, so that every call waiting on it, bounded or not, fails at once with the
// *DeadError.
type liveClient struct {
	cdp    *cdp.Client
	ws     *webSocket
	silent string // DeadError.What when the browser stopped answering
	gone   string // DeadError.What when the connection ended

	posted atomic.Int64 // posted calls so far (see post)

	mu       sync.Mutex
	next     uint64
	inflight map[uint64]pendingCall
	dead     *DeadError
	died     chan struct{} // closed when dead is set
	stop     chan struct{} // closed by Close
	stopOnce sync.Once
}

type pendingCall struct {
	method  string
	started time.Time
}

// newLiveClient starts rod's client on ws and its watchdog. silent and gone name a dead
// browser in messages: one that stopped answering, and one whose connection ended.
func newLiveClient(ws *webSocket, silent, gone string) *liveClient {
	c := &liveClient{
		cdp: cdp.New().Start(ws), ws: ws, silent: silent, gone: gone,
		inflight: map[uint64]pendingCall{},
		died:     make(chan struct{}), stop: make(chan struct{}),
	}
	go c.watch()
	return c
}

// Event returns the browser's events (rod.CDPClient).
func (c *liveClient) Event() <-chan *cdp.Event { return c.cdp.Event() }

// Call sends one CDP call and waits for its reply or ctx (rod.CDPClient). Once the browser is
// found dead, calls fail at once with the *DeadError.
func (c *liveClient) Call(ctx context.Context, sessionID, method string, params any) ([]byte, error) {
	c.mu.Lock()
	if c.dead != nil {
		err := c.dead
		c.mu.Unlock()
		return nil, err
	}
	c.next++
	id := c.next
	c.inflight[id] = pendingCall{method: method, started: time.Now()}
	c.mu.Unlock()

	res, err := c.cdp.Call(ctx, sessionID, method, params)

	c.mu.Lock()
	delete(c.inflight, id)
	dead := c.dead
	c.mu.Unlock()
	if err != nil && dead != nil && ctx.Err() == nil {
		return nil, dead
	}
	return res, err
}

// postedIDs is where the ids of posted calls start: far above rod's own, which count from 1, and
// within the 32-bit ids Chromium accepts. rod ignores a reply whose id it did not send.
const postedIDs = 1 << 30

// post sends one CDP call and waits for nothing: not its reply, which nobody reads, only the
// socket's taking the message. The browser runs it before any call sent after it on the same
// session, so a call posted just before an action runs before the action's own.
func (c *liveClient) post(sessionID, method string, params any) error {
	c.mu.Lock()
	dead := c.dead
	c.mu.Unlock()
	if dead != nil {
		return dead
	}
	id := postedIDs + int(c.posted.Add(1)%postedIDs)
	data, err := json.Marshal(cdp.Request{ID: id, SessionID: sessionID, Method: method, Params: params})
	if err != nil {
		return err
	}
	return c.ws.Send(data)
}

// Dead returns why the browser was found dead, or nil.
func (c *liveClient) Dead() *DeadError {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dead
}

// Died is closed when the browser is found dead.
func (c *liveClient) Died() <-chan struct{} { return c.died }

// Close stops the watchdog and closes the websocket.
func (c *liveClient) Close() error {
	c.stopOnce.Do(func() { close(c.stop) })
	return c.ws.Close()
}

// overdue returns the oldest call in flight that has waited at least probeAfter with nothing
// read from the websocket since it was sent.
func (c *liveClient) overdue(now time.Time) (pendingCall, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var oldest pendingCall
	found := false
	for _, p := range c.inflight {
		if !found || p.started.Before(oldest.started) {
			oldest, found = p, true
		}
	}
	if !found || now.Sub(oldest.started) < probeAfter || now.Sub(c.ws.lastRead()) < probeAfter {
		return pendingCall{}, false
	}
	return oldest, true
}

// watch probes the browser whenever a call is overdue, until Close or the connection ends; a
// browser that does not answer the probe is declared dead.
func (c *liveClient) watch() {
	tick := time.NewTicker(probeAfter / 4)
	defer tick.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-c.ws.ended:
			c.declareDead(pendingCall{}, c.ws.readError())
			return
		case now := <-tick.C:
			call, late := c.overdue(now)
			if !late {
				continue
			}
			if c.probe() {
				continue
			}
			c.declareDead(call, nil)
			return
		}
	}
}

// probe asks the browser for its version, with a websocket ping beside it (which finds a
// connection that died without a word where the endpoint answers pings), and reports whether
// the browser answered within probeTimeout.
func (c *liveClient) probe() bool {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	answer := make(chan error, 1)
	go func() { // a send stuck on a full socket must not hold up the verdict
		c.ws.ping(time.Now().Add(probeTimeout))
		_, err := c.cdp.Call(ctx, "", "Browser.getVersion", map[string]any{})
		answer <- err
	}()
	select {
	case err := <-answer:
		var answered *cdp.Error // an error the browser sent is an answer
		return err == nil || errors.As(err, &answered)
	case <-ctx.Done():
		return false
	}
}

// declareDead records why the browser is dead, closes the websocket so that every waiting call
// fails at once, and closes died. A connection closed by Close is no death.
func (c *liveClient) declareDead(call pendingCall, connErr error) {
	select {
	case <-c.stop:
		return
	default:
	}
	c.mu.Lock()
	if c.dead == nil {
		d := &DeadError{What: c.gone, Err: connErr}
		if connErr == nil {
			d.What, d.Method, d.After = c.silent, call.method, time.Since(call.started)
		}
		c.dead = d
		close(c.died)
	}
	c.mu.Unlock()
	_ = c.ws.Close()
}
