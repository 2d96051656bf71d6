package browser

import (
	"context"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"
)

// Selenium Grid's CDP proxy pings every 30 seconds; rod's own websocket client would take the
// empty ping for a message and panic. A session must outlive a few pings.
func TestSeleniumSessionOutlivesTheGridsPings(t *testing.T) {
	srv := newRemoteTestServer(t, "selenium-hub")
	t.Parallel() // mostly waiting: overlap with other parallel tests
	b, err := Open(context.Background(), seleniumOpts(srv, nil))
	require.NoError(t, err)
	defer func() { require.NoError(t, b.Close()) }()
	page, err := b.Rod.Page(proto.TargetCreateTarget{URL: "about:blank"})
	require.NoError(t, err)
	start := time.Now()
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for time.Since(start) < 35*time.Second {
		<-tick.C
		v, err := page.Eval(`() => 6 * 7`)
		require.NoError(t, err, "after %s", time.Since(start).Round(time.Second))
		require.Equal(t, 42, v.Value.Int())
	}
}
