package browser

import (
	"context"
	"fmt"
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
