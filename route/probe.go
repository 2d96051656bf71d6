package route

import (
	"context"
	_ "embed" // probe.js
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/browser"
)

//go:embed probe.js
var probeJS string

// probeOrigin is where a network probe ends up: a name Chromium resolves to loopback itself, on
// port 1, to which it refuses to connect (net::ERR_UNSAFE_PORT) once network emulation let the
// request through (an offline rule fails it first, net::ERR_INTERNET_DISCONNECTED). A probe so
// never reaches a server, and how it failed tells which conditions the browser applied to it.
const probeOrigin = "http://e2e-network-probe.localhost:1"

// Errors DevTools reports for a probe: taken offline by an emulation rule, or let through.
const (
	probeOffline = "net::ERR_INTERNET_DISCONNECTED"
	probeThrough = "net::ERR_UNSAFE_PORT"
)

// probe confirms one set of network conditions. Its own rule, listed before the conditions,
// matches only its URL and takes it offline when the conditions before were online, online when
// they were offline: a probe that fails the new way was handled by the new set of rules, which
// the browser's network service replaces as a whole, and any request the page starts after it
// meets the new conditions. (Chromium applies Network.emulateNetworkConditionsByRule in its
// network service after the call has returned, so the call's reply alone proves nothing.)
type probe struct {
	id      string // the last segment of its URL: unique per router and call
	offline bool   // whether its rule takes it offline
}

func (p probe) path() string   { return browser.NetworkProbePath + p.id }
func (p probe) target() string { return probeOrigin + p.path() }

// rule returns the probe's emulation rule.
func (p probe) rule() map[string]any {
	return map[string]any{"urlPattern": p.target(), "offline": p.offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
}

// want returns the error a probe that met its own rule fails with.
func (p probe) want() string {
	if p.offline {
		return probeOffline
	}
	return probeThrough
}

// errNoRules says the browser lacks Network.emulateNetworkConditionsByRule (Chromium before 141).
var errNoRules = errors.New("no emulateNetworkConditionsByRule")

// isProbe reports whether a paused request is a network probe, and returns where it must go.
func isProbe(url string) (string, bool) {
	i := strings.Index(url, browser.NetworkProbePath)
	if i < 0 {
		return "", false
	}
	return probeOrigin + url[i:], true
}

// confirm sends pr from the page, again after each probe that met the conditions before, until
// one fails the way its own rule makes it fail, or ctx ends. events are the page's, subscribed
// before the conditions were set. A page that does not let the probe out (a
// Content-Security-Policy without connect-src 'self') cannot confirm anything: errProbeBlocked.
func (r *Router) confirm(ctx context.Context, events <-chan *rod.Message, pr probe) error {
	saw := "no answer to the probe"
	for {
		verdict, err := r.sendProbe(ctx, events, pr)
		switch {
		case err != nil:
			return err
		case verdict == pr.want():
			return nil
		case verdict != "":
			saw = "the probe met the conditions before (" + verdict + ")"
		}
		if ctx.Err() != nil {
			return fmt.Errorf("not in force after %s: %s", r.opts.Timeout, saw)
		}
	}
}

// probeQuiet bounds how long a probe the page answered for may take to show on the wire: the
// fetch's promise and the request's events come from different places.
const probeQuiet = time.Second

// sendProbe sends pr once from an isolated world of the page (the page's own scripts cannot
// change fetch there) and returns how the request failed.
func (r *Router) sendProbe(ctx context.Context, events <-chan *rod.Message, pr probe) (string, error) {
	p := r.page.Context(ctx)
	world, err := proto.PageCreateIsolatedWorld{FrameID: r.page.FrameID, WorldName: "e2e-network-probe"}.Call(p)
	if err != nil {
		return "", fmt.Errorf("not confirmed: open a world for the probe: %w", err)
	}
	args, _ := json.Marshal([]string{pr.path(), pr.target()})
	expr := "(" + probeJS + ")(" + strings.Trim(string(args), "[]") + ")"
	replied := make(chan error, 1)
	go func() {
		_, err := proto.RuntimeEvaluate{Expression: expr, ContextID: world.ExecutionContextID, AwaitPromise: true}.Call(p)
		replied <- err
	}()
	var (
		id    proto.NetworkRequestID // the probe's request, once it started
		quiet <-chan time.Time       // set once the page answered: the request must show by then
	)
	for {
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("not in force after %s: no answer to the probe", r.opts.Timeout)
		case err := <-replied:
			if err != nil {
				return "", nil // a navigation destroyed the world: the caller sends another
			}
			if id == "" {
				quiet = time.After(probeQuiet)
			}
		case <-quiet:
			return "", fmt.Errorf("%w (a Content-Security-Policy without connect-src 'self'?)", errProbeBlocked)
		case msg, ok := <-events:
			if !ok {
				return "", fmt.Errorf("not in force: the page went away")
			}
			switch msg.Method {
			case "Network.requestWillBeSent":
				var e proto.NetworkRequestWillBeSent
				if msg.Load(&e) && e.Request != nil && strings.Contains(e.Request.URL, pr.path()) {
					id, quiet = e.RequestID, nil
				}
			case "Network.loadingFailed":
				var e proto.NetworkLoadingFailed
				switch {
				case !msg.Load(&e) || id == "" || e.RequestID != id:
				case e.BlockedReason != "":
					return "", fmt.Errorf("%w (blocked: %s)", errProbeBlocked, e.BlockedReason)
				default:
					return e.ErrorText, nil
				}
			}
		}
	}
}

// errProbeBlocked says the page did not let the probe out.
var errProbeBlocked = errors.New("the page did not send the probe request")
