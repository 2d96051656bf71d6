package browser

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestHeadedWithDevtoolsOpensDevToolsWithEachTab launches a visible browser on a virtual
// display with Devtools set: a new tab gets its DevTools window, and the browser is not headless.
func TestHeadedWithDevtoolsOpensDevToolsWithEachTab(t *testing.T) {
	t.Setenv("DISPLAY", testenv.StartXvfb(t))
	b, err := Open(context.Background(), Options{Headless: false, Devtools: true})
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })

	ctx, err := b.NewContext(context.Background())
	require.NoError(t, err)
	_, err = ctx.NewPage(context.Background())
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		res, err := proto.TargetGetTargets{}.Call(b.Rod)
		if err != nil {
			return false
		}
		for _, tg := range res.TargetInfos {
			if strings.HasPrefix(tg.URL, "devtools://") {
				return true
			}
		}
		return false
	}, 20*time.Second, 50*time.Millisecond, "a DevTools window opened with the tab")

	v, err := b.Rod.Version()
	require.NoError(t, err)
	require.NotContains(t, v.UserAgent, "HeadlessChrome")
}
