package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// seleniumDeleteTimeout bounds ending a WebDriver session on Close, so that a grid that went away
// cannot hold up the runner's exit.
var seleniumDeleteTimeout = 10 * time.Second

// seleniumStatusTimeout bounds the GET /status that explains a session that did not come.
var seleniumStatusTimeout = 3 * time.Second

// connectSelenium opens a WebDriver session on a Selenium Grid 4 (browser.remote.url
// http://grid:4444, optionally http://user:pass@grid:4444 or with browser.remote.headers) and
// connects rod to the session's browser: directly when its node runs on this machine (see
// directDevTools), else through the grid's se:cdp proxy. It waits in the grid's queue up to
// browser.remote.session_timeout. A session whose browser is dead before the first flow (its
// node died meanwhile) is ended and asked for again within that bound. Close ends the session
// (DELETE /session/{id}), once, bounded.
func connectSelenium(ctx context.Context, opts Options) (*Browser, error) {
	r, err := parseRemoteURL(opts.Remote.URL, "http", "http", "https")
	if err != nil {
		return nil, setupErrorf("selenium grid: %w", err)
	}
	header := remoteHeader(opts, r)
	g := &gridClient{
		deleteTimeout: opts.SetupTimeout,
		base:          r.URL,
		header:        header,
		client:        remoteHTTPClient(dialTimeout(opts)),
		where:         "selenium grid " + r.String(),
		secrets:       r.secrets(header),
	}
	body, err := seleniumCapabilities(opts)
	if err != nil {
		return nil, setupErrorf("%s: %w", g.where, err)
	}
	timeout := sessionTimeout(opts)
	deadline := time.Now().Add(timeout)
	for try := 1; ; try++ {
		left := timeout
		if try > 1 {
			left = time.Until(deadline).Round(time.Second)
		}
		sess, err := g.newSessionPastDeadNodes(ctx, body, left)
		if err != nil {
			return nil, err
		}
		b, err := g.connect(ctx, sess, opts, timeout)
		var dead *DeadError
		switch {
		case err == nil || !errors.As(err, &dead) || ctx.Err() != nil:
			return b, err
		case try == deadNodeTries || time.Until(deadline) <= 0:
			return nil, setupErrorf("%s: %v (%d session(s) in a row): a node gave out sessions it could not run: check the grid's nodes", g.where, err, try)
		}
	}
}

// connect connects rod to sess's browser, directly when it can be (unless opts say via the
// grid), else through the grid's se:cdp proxy, and returns the browser that ends sess on Close.
// On failure sess is ended; a browser dead from the start fails with an error wrapping its
// *DeadError.
func (g *gridClient) connect(ctx context.Context, sess *seleniumSession, opts Options, timeout time.Duration) (*Browser, error) {
	b := &Browser{Kind: KindSelenium, Headless: opts.Headless, setup: setupTimeout(opts)}
	b.OnClose(sess.close)
	track(b)
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if !opts.Remote.ViaGrid {
		if wsURL := g.directDevTools(cctx, sess); wsURL != "" {
			if rb, lc, err := connectRodBounded(cctx, wsURL, opts, nil); err == nil {
				b.Rod, b.live = rb, lc
				b.OnClose(lc.Close)
				if len(opts.NodeCPUs) > 0 {
					pinSessionBrowser(sess.caps, opts.NodeCPUs)
				}
				stop := make(chan struct{})
				period := opts.keepAlive
				if period == 0 {
					period = seleniumKeepAlive
				}
				go g.keepAlive(sess.id, period, stop, func(why error) { lc.declareDead(pendingCall{}, why) })
				b.OnClose(func() error { close(stop); return nil })
				return b, nil
			}
		}
	}
	cdpURL, _ := sess.caps["se:cdp"].(string)
	if cdpURL == "" {
		_ = b.Close()
		return nil, setupErrorf("selenium grid: session %s has no se:cdp capability: enable CDP on the grid (Selenium 4+ with Chrome/Chromium)", sess.id)
	}
	wsURL, err := rewriteSeCDP(cdpURL, g.base, sess.id)
	if err != nil {
		_ = b.Close()
		return nil, setupErrorf("%s: session %s: %w", g.where, sess.id, err)
	}
	rb, lc, err := connectRodBounded(cctx, wsURL, opts, g.header)
	var dead *DeadError
	if errors.As(err, &dead) {
		_ = b.Close()
		return nil, fmt.Errorf("session %s: its browser did not answer: %w", sess.id, dead)
	}
	if err != nil {
		_ = b.Close()
		return nil, remoteSetupError(fmt.Sprintf("%s: session %s: se:cdp %s", g.where, sess.id, redactRaw(wsURL)), ctx, cctx, timeout,
			redactErr(err, append(g.secrets, wsURL, redactRaw(wsURL))...),
			"the grid must proxy websockets to its nodes (Selenium 4+), and browser.remote.url must reach it")
	}
	b.Rod, b.live = rb, lc
	b.OnClose(lc.Close)
	return b, nil
}

// gridClient talks WebDriver to one grid.
type gridClient struct {
	deleteTimeout time.Duration // bounds DELETE /session; 0: seleniumDeleteTimeout
	base          *url.URL
	header        http.Header
	client        *http.Client
	where         string   // "selenium grid http://host:4444", for messages
	secrets       []string // pairs of secret, replacement for error texts
}

// endpoint returns the grid URL of a WebDriver path ("session", "status").
func (g *gridClient) endpoint(path string) string {
	u := *g.base
	u.Path = strings.TrimSuffix(u.Path, "/") + "/" + path
	u.RawPath = ""
	return u.String()
}

// seleniumSession is a WebDriver session we opened.
type seleniumSession struct {
	id    string
	caps  map[string]any
	close func() error
}

// newSession asks the grid for a session (POST /session), waiting in its queue up to timeout.
func (g *gridClient) newSession(parent context.Context, body map[string]any, timeout time.Duration) (*seleniumSession, error) {
	caps := alwaysMatch(body)
	data, err := json.Marshal(body)
	if err != nil {
		return nil, setupErrorf("%s: capabilities: %w", g.where, err)
	}
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.endpoint("session"), bytes.NewReader(data))
	if err != nil {
		return nil, setupErrorf("%s: %w", g.where, err)
	}
	applyHeader(req, g.header)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Accept", "application/json")

	res, err := g.client.Do(req)
	var answer []byte
	if err == nil {
		answer, err = io.ReadAll(io.LimitReader(res.Body, 8<<20))
		_ = res.Body.Close()
	}
	if err != nil {
		switch {
		case parent.Err() != nil:
			return nil, setupErrorf("%s: gave up waiting for a session: %w", g.where, parent.Err())
		case ctx.Err() != nil:
			return nil, g.noSessionError(parent, caps, timeout)
		}
		if reason := netReason(err); reason != "" && reason != "timed out" {
			return nil, setupErrorf("%s: unreachable (%s): start the grid or fix browser.remote.url", g.where, reason)
		}
		return nil, setupErrorf("%s: %w: start the grid or fix browser.remote.url", g.where, redactErr(err, g.secrets...))
	}
	if res.StatusCode != http.StatusOK {
		return nil, g.sessionError(parent, res.StatusCode, answer, caps, timeout)
	}

	var ok struct {
		SessionID string `json:"sessionId"` // JSON wire protocol
		Value     struct {
			SessionID    string         `json:"sessionId"`
			Capabilities map[string]any `json:"capabilities"`
		} `json:"value"`
	}
	if err := json.Unmarshal(answer, &ok); err != nil {
		return nil, setupErrorf("%s: POST /session answered no JSON (%s): is this a Selenium Grid?", g.where, firstLineOf(string(answer), 80))
	}
	id := ok.Value.SessionID
	if id == "" {
		id = ok.SessionID
	}
	if id == "" {
		return nil, setupErrorf("%s: POST /session answered no sessionId: is this a Selenium Grid 4?", g.where)
	}
	s := &seleniumSession{id: id, caps: ok.Value.Capabilities}
	s.close = closeOnce(func() error { return g.deleteSession(id) })
	return s, nil
}

// sessionError explains a POST /session the grid refused.
func (g *gridClient) sessionError(parent context.Context, status int, answer []byte, caps map[string]any, timeout time.Duration) error {
	var e struct {
		Value struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		} `json:"value"`
	}
	_ = json.Unmarshal(answer, &e)
	msg := firstLineOf(e.Value.Message, 300)
	if msg == "" {
		msg = firstLineOf(string(answer), 200)
	}
	msg = redactErr(errors.New(msg), g.secrets...).Error()
	lower := strings.ToLower(msg)
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return setupErrorf("%s: unauthorized (HTTP %d): put user:password in browser.remote.url or an Authorization header in browser.remote.headers", g.where, status)
	case status == http.StatusNotFound && e.Value.Error == "":
		return setupErrorf("%s: no WebDriver endpoint at /session (HTTP 404): browser.remote.url must be the grid's address, e.g. http://grid:4444", g.where)
	case isNoMatchMessage(lower):
		return setupErrorf("%s: no node matches the capabilities %s: %s: fix browser.remote.capabilities or add such a node", g.where, describeCaps(caps), msg)
	case strings.Contains(lower, "timed out") || strings.Contains(lower, "timeoutexception"):
		if err := g.noNodeError(parent, caps, timeout); err != nil {
			return err
		}
		return setupErrorf("%s: the grid gave up on the session request (its --session-request-timeout): %s: add nodes or raise that timeout", g.where, msg)
	}
	return setupErrorf("%s: session not created (HTTP %d): %s: check browser.remote.capabilities and the grid's log", g.where, status, msg)
}

// isNoMatchMessage reports whether a grid's (lower-cased) message says that no node supports the
// requested capabilities.
func isNoMatchMessage(lower string) bool {
	for _, s := range []string{
		"no nodes support the capabilities", "unable to find provider", "no node supports",
		"cannot find a node", "could not find a matching node", "no matching node",
	} {
		if strings.Contains(lower, s) {
			return true
		}
	}
	return false
}

// noSessionError explains a session that did not come within timeout: the grid's /status tells
// whether no node could ever serve the capabilities, whether it has no node, or whether they are
// all busy.
func (g *gridClient) noSessionError(parent context.Context, caps map[string]any, timeout time.Duration) error {
	if err := g.noNodeError(parent, caps, timeout); err != nil {
		return err
	}
	return setupErrorf("%s: no session within %s (the grid's queue is full?): raise browser.remote.session_timeout or add nodes", g.where, timeout)
}

// noNodeError asks the grid's /status whether it has no node up or none that matches caps, and
// says so; it returns nil when neither is the case or /status does not answer.
func (g *gridClient) noNodeError(parent context.Context, caps map[string]any, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), seleniumStatusTimeout)
	defer cancel()
	st, err := g.status(ctx)
	switch {
	case err != nil:
		return nil
	case len(st.upNodes()) == 0:
		return setupErrorf("%s: no session within %s: the grid has no node up: start a node, or raise browser.remote.session_timeout", g.where, timeout)
	case !st.matches(caps):
		return setupErrorf("%s: no node matches the capabilities %s: the grid offers %s: fix browser.remote.capabilities or add such a node", g.where, describeCaps(caps), st.offers())
	}
	return nil
}

// deleteSession ends a session, bounded by the setup timeout. A session the grid no longer
// knows counts as ended.
func (g *gridClient) deleteSession(id string) error {
	defer g.client.CloseIdleConnections()
	d := g.deleteTimeout
	if d <= 0 {
		d = seleniumDeleteTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, g.endpoint("session/"+url.PathEscape(id)), nil)
	if err != nil {
		return fmt.Errorf("%s: end session %s: %w", g.where, id, err)
	}
	applyHeader(req, g.header)
	res, err := g.client.Do(req)
	if err != nil {
		reason := netReason(err)
		if reason == "" {
			reason = redactErr(err, g.secrets...).Error()
		}
		return fmt.Errorf("%s: end session %s: %s: the grid ends it after its session timeout", g.where, id, reason)
	}
	defer func() { _ = res.Body.Close() }()
	answer, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if res.StatusCode == http.StatusOK || res.StatusCode == http.StatusNoContent || res.StatusCode == http.StatusNotFound ||
		bytes.Contains(answer, []byte(`"invalid session id"`)) {
		return nil
	}
	var e struct {
		Value struct {
			Message string `json:"message"`
		} `json:"value"`
	}
	msg := firstLineOf(string(answer), 200)
	if json.Unmarshal(answer, &e) == nil && e.Value.Message != "" {
		msg = firstLineOf(e.Value.Message, 200)
	}
	return fmt.Errorf("%s: end session %s: HTTP %d: %s: the hub frees it when it drops the node (see docs/remote-browsers.md)",
		g.where, id, res.StatusCode, msg)
}

// rewriteSeCDP makes a session's se:cdp URL reachable from here. When it is the grid's own CDP
// proxy for the session (/session/{id}/se/cdp), it is pointed at the grid under the address the
// user gave (the grid may know itself as localhost or by an internal address), keeping the
// grid's port and path prefix (but not /wd/hub); any other URL naming localhost gets the grid's
// host name.
func rewriteSeCDP(cdpURL string, grid *url.URL, id string) (string, error) {
	u, err := url.Parse(cdpURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("bad se:cdp URL %q", redactRaw(cdpURL))
	}
	if strings.HasSuffix(u.Path, "/session/"+id+"/se/cdp") {
		u.Host = grid.Host
		// A path prefix of the user's address (a reverse proxy's) is kept, but not /wd/hub: that
		// legacy alias works for WebDriver commands only, not for the CDP websocket.
		prefix := strings.TrimSuffix(strings.TrimSuffix(grid.Path, "/"), "/wd/hub")
		if prefix != "" && !strings.HasPrefix(u.Path, prefix+"/") {
			u.Path = prefix + u.Path
			u.RawPath = ""
		}
		u.Scheme = "ws"
		if grid.Scheme == "https" {
			u.Scheme = "wss"
		}
		return u.String(), nil
	}
	if isLoopbackHost(u.Hostname()) && !isLoopbackHost(grid.Hostname()) {
		if port := u.Port(); port != "" {
			u.Host = net.JoinHostPort(grid.Hostname(), port)
		} else {
			u.Host = grid.Hostname()
		}
	}
	return u.String(), nil
}

// deadNodeTries bounds how many times a session request is made again when the hub gave it to
// a node it could not reach.
const deadNodeTries = 4

// newSessionPastDeadNodes is newSession, asked again (up to deadNodeTries times, within
// timeout) when the hub handed the request to a node that does not answer: a hub goes on
// offering a dead node's free slots until its health check drops the node, and the next request
// may go to a live one.
func (g *gridClient) newSessionPastDeadNodes(ctx context.Context, body map[string]any, timeout time.Duration) (*seleniumSession, error) {
	deadline := time.Now().Add(timeout)
	for try := 1; ; try++ {
		left := timeout
		if try > 1 {
			left = time.Until(deadline).Round(time.Second)
		}
		sess, err := g.newSession(ctx, body, left)
		if err == nil || try == deadNodeTries || !isDeadNodeError(err) || time.Until(deadline) <= 0 || ctx.Err() != nil {
			return sess, err
		}
	}
}

// isDeadNodeError reports whether a refused session request says the node the hub chose could
// not be reached.
func isDeadNodeError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Could not start a new session") &&
		(strings.Contains(msg, "ConnectException") || strings.Contains(msg, "Connection refused") || strings.Contains(msg, "Connection failure"))
}
