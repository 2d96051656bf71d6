package browser

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/cdp"
	"github.com/go-rod/rod/lib/proto"
)

// connectCDP connects to a running browser's DevTools endpoint, given as
// ws://host:9222/devtools/browser/<id>, http://host:9222 or host:9222. The remote browser is not
// ours: Close closes only the websocket (the flows dispose of the contexts they create), and the
// browser lives on.
func connectCDP(ctx context.Context, opts Options) (*Browser, error) {
	r, err := parseRemoteURL(opts.Remote.URL, "http", "ws", "wss", "http", "https")
	if err != nil {
		return nil, setupErrorf("cdp: %w", err)
	}
	where := "cdp " + r.String()
	header := remoteHeader(opts, r)
	secrets := r.secrets(header)
	timeout := sessionTimeout(opts)
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	client := remoteHTTPClient(dialTimeout(opts))
	defer client.CloseIdleConnections()
	wsURL, err := resolveCDPURL(ctx, client, r, header)
	if err != nil {
		return nil, remoteSetupError(where, parent, ctx, timeout, redactErr(err, secrets...),
			"start Chromium with --remote-debugging-port (and --remote-debugging-address to listen beyond loopback) or fix browser.remote.url")
	}
	rb, closeWS, err := connectRodBounded(ctx, wsURL, opts, header)
	if err != nil {
		return nil, remoteSetupError(where, parent, ctx, timeout, redactErr(err, append(secrets, wsURL, redactRaw(wsURL))...),
			"check that the DevTools endpoint is reachable from here and fix browser.remote.url")
	}
	b := &Browser{Kind: KindCDP, Rod: rb, Headless: detectHeadless(ctx, rb, opts.Headless)}
	b.OnClose(closeWS)
	track(b)
	return b, nil
}

// detectHeadless asks the browser whether it runs headless (its user agent says so); fallback
// is the answer when it cannot tell.
func detectHeadless(ctx context.Context, rb *rod.Browser, fallback bool) bool {
	v, err := proto.BrowserGetVersion{}.Call(rb.Context(ctx))
	if err != nil {
		return fallback
	}
	return strings.Contains(v.UserAgent, "Headless") || strings.Contains(v.Product, "Headless")
}

// remoteSetupError turns a failure to reach a remote into a one-line *SetupError:
// "<where>: <what went wrong>: <how to fix it>". parent is the caller's context and ctx the one
// bounded by timeout, to tell our time limit from the caller giving up.
func remoteSetupError(where string, parent, ctx context.Context, timeout time.Duration, err error, fix string) error {
	var (
		unreachable *unreachableError
		handshake   *cdp.BadHandshakeError
	)
	switch {
	case parent.Err() != nil:
		return setupErrorf("%s: gave up: %w", where, parent.Err())
	case errors.As(err, &unreachable) && unreachable.reason != "timed out":
		return setupErrorf("%s: %w: %s", where, err, fix)
	case ctx.Err() != nil || isTimeout(err):
		return setupErrorf("%s: no answer within %s: %s, or raise browser.remote.session_timeout", where, timeout, fix)
	case errors.As(err, &handshake):
		return setupErrorf("%s: the websocket was refused (%s: %s): %s", where, handshake.Status, firstLineOf(handshake.Body, 200), fix)
	}
	if reason := netReason(err); reason != "" {
		return setupErrorf("%s: unreachable (%s): %s", where, reason, fix)
	}
	return setupErrorf("%s: %w: %s", where, err, fix)
}
