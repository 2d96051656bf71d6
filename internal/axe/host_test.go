package axe

import (
	"context"
	"maps"
	"testing"

	"github.com/go-rod/rod"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/browsertest"
)

// A host of its own whose tab is lost audits the next state in a new tab, in a context of its
// own: the tab its browser opened with is gone.
func TestOwnHostOpensANewTabWhenItsTabIsLost(t *testing.T) {
	base := browsertest.Serve(t, map[string]string{"/": "<!doctype html><title>Blank</title>"})
	h := NewOwnHost(func(ctx context.Context) (*rod.Browser, func(), error) {
		b, err := browser.Open(ctx, browser.Options{Headless: true, Args: OwnHostArgs})
		if err != nil {
			return nil, nil, err
		}
		return b.Rod, func() { _ = b.Close() }, nil
	})
	t.Cleanup(h.Close)
	snap := &snapshot{URL: base + "/", Width: 800, Height: 600, DPR: 1,
		HTML: `<!doctype html><html lang="en"><head><title>Page</title></head><body><main><h1>Page</h1><img src="x.png"></main></body></html>`}
	opts := runOptions(Options{Tags: []string{"wcag2a"}})
	violations := func(r *Results) []string {
		var ids []string
		for _, v := range r.Violations {
			ids = append(ids, v.ID)
		}
		return ids
	}

	r, err := h.audit(snap, maps.Clone(opts))
	require.NoError(t, err)
	require.Equal(t, []string{"image-alt"}, violations(r))
	first := h.page
	require.False(t, h.ownContext, "the first run is in the tab the browser opened with")
	require.NoError(t, first.Context(context.Background()).Close())

	_, err = h.audit(snap, maps.Clone(opts))
	require.Error(t, err, "the run in the lost tab fails")
	r, err = h.audit(snap, maps.Clone(opts))
	require.NoError(t, err, "the next run opens a new tab")
	require.Equal(t, []string{"image-alt"}, violations(r))
	require.NotEqual(t, first.TargetID, h.page.TargetID)
	require.True(t, h.ownContext, "in a context of its own, closed with the tab")
}
