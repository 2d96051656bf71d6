package browser

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDialogs: a dialog nothing expects is dismissed (a confirm returns false, a prompt null)
// and told of; Expect gets the next one with its type and message, and the action that opened
// it returns once it is accepted (with a prompt's text) or dismissed. An action that opens
// none fails the Expect.
func TestDialogs(t *testing.T) {
	site := tabSite(t)
	onEachKind(t, func(t *testing.T, c *Context) {
		p := openTab(t, c, site+"/dialogs")
		var mu sync.Mutex
		var dismissed []string
		w, err := WatchDialogs(p, 5*time.Second, func(d *Dialog) {
			mu.Lock()
			defer mu.Unlock()
			dismissed = append(dismissed, d.String())
		})
		require.NoError(t, err)
		defer w.Close()
		ctx := context.Background()

		require.NoError(t, click(p, "#confirm")())
		requireText(t, p, "#out", "kept")
		require.NoError(t, click(p, "#prompt")())
		requireText(t, p, "#out", "name: null")
		mu.Lock()
		require.Equal(t, []string{`confirm "Delete it?"`, `prompt "Your name?"`}, dismissed, "dismissed unasked, and told")
		mu.Unlock()

		d, err := w.Expect(ctx, 5*time.Second, click(p, "#confirm"))
		require.NoError(t, err)
		require.Equal(t, DialogConfirm, d.Type)
		require.Equal(t, "Delete it?", d.Message)
		require.NoError(t, d.Accept(""))
		requireText(t, p, "#out", "deleted")
		require.ErrorContains(t, d.Dismiss(), `dialog confirm "Delete it?": already accepted or dismissed`)

		d, err = w.Expect(ctx, 5*time.Second, click(p, "#prompt"))
		require.NoError(t, err)
		require.Equal(t, DialogPrompt, d.Type)
		require.Equal(t, "anon", d.DefaultPrompt)
		require.NoError(t, d.Accept("Ann"))
		requireText(t, p, "#out", "name: Ann")

		d, err = w.Expect(ctx, 5*time.Second, click(p, "#alert"))
		require.NoError(t, err)
		require.Equal(t, DialogAlert, d.Type)
		require.Equal(t, "Saved", d.Message)
		require.NoError(t, d.Dismiss())
		requireText(t, p, "#out", "after alert")

		// Opened by a timer after the action returned; only the first of two is expected.
		d, err = w.Expect(ctx, 5*time.Second, click(p, "#later"))
		require.NoError(t, err)
		require.Equal(t, "Later?", d.Message)
		require.NoError(t, d.Accept(""))
		requireText(t, p, "#out", "later yes")
		d, err = w.Expect(ctx, 5*time.Second, click(p, "#twice"))
		require.NoError(t, err)
		require.NoError(t, d.Accept(""))
		requireText(t, p, "#out", "true false")

		// beforeunload: dismissed, the page stays.
		_, err = p.Timeout(10 * time.Second).Eval(`() => location.search = "?guard"`)
		require.NoError(t, err)
		require.NoError(t, p.Timeout(10*time.Second).WaitLoad())
		_, err = p.Eval(`() => document.body.click()`) // a user gesture arms beforeunload
		require.NoError(t, err)
		require.NoError(t, click(p, "#quiet")())
		d, err = w.Expect(ctx, 5*time.Second, click(p, "#away"))
		require.NoError(t, err)
		require.Equal(t, DialogBeforeUnload, d.Type)
		require.NoError(t, d.Dismiss())
		require.Equal(t, "?guard", p.MustEval(`() => location.search`).Str(), "dismissed: the page stays")

		start := time.Now()
		_, err = w.Expect(ctx, 500*time.Millisecond, nothing)
		require.EqualError(t, err, "no dialog within 500ms")
		require.Less(t, time.Since(start), 3*time.Second)
	})
}
