package reportpage

import (
	"context"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/pages"
)

// LaunchTab launches a headless Chromium for the test and returns a tab in a fresh incognito
// context to read reports in, failing t, each action bound by timeout.
func LaunchTab(t testing.TB, timeout time.Duration) *pages.Tab {
	t.Helper()
	b, err := browser.Open(context.Background(), browser.Options{Headless: true})
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	inc, err := b.Rod.Incognito()
	require.NoError(t, err)
	page, err := inc.Page(proto.TargetCreateTarget{})
	require.NoError(t, err)
	return pages.NewTab(t, page, pages.TabOptions{Timeout: timeout})
}
