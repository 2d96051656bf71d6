package browser

import (
	"context"
	"fmt"
	"net/http"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/cdp"
)

// Open returns a browser as opts say: a local Chromium, or a remote one when opts.Remote.Kind is
// set. The caller must Close it; CloseAll reaps it on any other exit path.
func Open(ctx context.Context, opts Options) (*Browser, error) {
	switch opts.Remote.Kind {
	case "", "local":
		return launchLocal(ctx, opts)
	case "cdp":
		return connectCDP(ctx, opts)
	case "rod-manager":
		return connectManager(ctx, opts)
	case "selenium":
		return connectSelenium(ctx, opts)
	default:
		return nil, fmt.Errorf("browser.remote.kind %q: expected cdp, rod-manager or selenium", opts.Remote.Kind)
	}
}

// connectRod opens a CDP websocket to wsURL and returns a rod browser on it that keeps the
// browser's own viewport and user agent, and a function that closes the websocket (and only
// that: the browser behind it lives on).
func connectRod(ctx context.Context, wsURL string, opts Options, header http.Header) (*rod.Browser, func() error, error) {
	ws := &cdp.WebSocket{}
	if err := ws.Connect(ctx, wsURL, header); err != nil {
		return nil, nil, fmt.Errorf("connect to DevTools at %s: %w", wsURL, err)
	}
	client := cdp.New().Start(ws)
	rb := rod.New().Client(client).NoDefaultDevice()
	if opts.SlowMotion > 0 {
		rb = rb.SlowMotion(opts.SlowMotion)
	}
	if err := rb.Connect(); err != nil {
		_ = ws.Close()
		return nil, nil, fmt.Errorf("connect to DevTools at %s: %w", wsURL, err)
	}
	return rb, ws.Close, nil
}
