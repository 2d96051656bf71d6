package browser

import (
	"context"
)

// Open returns a browser as opts say: a local Chromium, or a remote one when opts.Remote.Kind is
// set. The caller must Close it; CloseAll reaps it on any other exit path.
func Open(ctx context.Context, opts Options) (*Browser, error) {
	a, err := AllocatorFor(opts.Remote.Kind)
	if err != nil {
		return nil, err
	}
	return a.Allocate(ctx, opts)
}
