package browser

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestClock: installed before the page loads, the clock sets the page's Date; fast-forwarding
// fires a page timer due in an hour (once), pausing stops the timers, resuming lets them run,
// running for a while fires an interval each time it falls due; a new document keeps the time.
// Going back in time fails, as does a clock never installed.
func TestClock(t *testing.T) {
	site := tabSite(t)
	onEachKind(t, func(t *testing.T, c *Context) {
		p, err := c.NewPage(context.Background())
		require.NoError(t, err)
		start := time.Date(2030, 3, 14, 9, 0, 0, 0, time.UTC)
		clock, err := InstallClock(p, start, 5*time.Second)
		require.NoError(t, err)
		require.NoError(t, p.Timeout(10*time.Second).Navigate(site+"/clock"))
		require.NoError(t, p.Timeout(10*time.Second).WaitLoad())
		shown, err := time.Parse(time.RFC3339, text(t, p, "#now"))
		require.NoError(t, err)
		require.WithinDuration(t, start, shown, 5*time.Second, "the page's Date at load")
		require.Equal(t, "not yet", text(t, p, "#reminder"))

		require.NoError(t, clock.PauseAt(start.Add(10*time.Minute)))
		ticks := text(t, p, "#ticks")
		now, err := clock.Now()
		require.NoError(t, err)
		require.Equal(t, start.Add(10*time.Minute), now, "paused at")

		require.NoError(t, clock.FastForward(2*time.Hour))
		require.Equal(t, "Return the book: due 2030-03-14T11:10:00.000Z", text(t, p, "#reminder"), "the hour's timer fired, at the new time")
		require.Equal(t, atoi(t, ticks)+1, atoi(t, text(t, p, "#ticks")), "the interval fired once, not 7,200 times")

		require.NoError(t, clock.RunFor(5*time.Second))
		require.Equal(t, atoi(t, ticks)+6, atoi(t, text(t, p, "#ticks")), "run for 5s: the interval fired 5 more times")
		require.Never(t, func() bool { return atoi(t, text(t, p, "#ticks")) != atoi(t, ticks)+6 }, 1500*time.Millisecond, 100*time.Millisecond,
			"paused: no tick while real time passes")

		require.NoError(t, clock.Resume())
		require.Eventually(t, func() bool { return atoi(t, text(t, p, "#ticks")) > atoi(t, ticks)+6 }, 5*time.Second, 50*time.Millisecond, "resumed: ticks again")

		require.NoError(t, p.Timeout(10*time.Second).Reload())
		require.NoError(t, p.Timeout(10*time.Second).WaitLoad())
		shown, err = time.Parse(time.RFC3339, text(t, p, "#now"))
		require.NoError(t, err)
		require.WithinDuration(t, start.Add(2*time.Hour+10*time.Minute+5*time.Second), shown, 10*time.Second, "a new document keeps the clock's time")

		err = clock.PauseAt(start)
		require.ErrorContains(t, err, "clock: pause at 2030-03-14T09:00:00Z: ")
		require.ErrorContains(t, err, "pauseAt: 2030-03-14T09:00:00.000Z is before the clock's time, 2030-03-14T11:1")

		p2, err := c.NewPage(context.Background())
		require.NoError(t, err)
		_, err = (&Clock{page: p2, setup: 5 * time.Second}).Now()
		require.ErrorContains(t, err, "clock: read the time: ")
		require.ErrorContains(t, err, "no clock in this document: install it first")
	})
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	_, err := fmt.Sscanf(s, "%d", &n)
	require.NoError(t, err, "%q", s)
	return n
}
