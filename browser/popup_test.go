package browser

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestPopups: a target=_blank link (no opener) and window.open each give the new tab, in the
// same context (it sees the opener's storage); an action that opens none fails.
func TestPopups(t *testing.T) {
	site := tabSite(t)
	onEachKind(t, func(t *testing.T, c *Context) {
		ctx := context.Background()
		p := openTab(t, c, site+"/popups")
		_, err := p.Eval(`() => localStorage.setItem("who", "ann")`)
		require.NoError(t, err)

		for sel, via := range map[string]string{"#blank": "?via=link", "#open": "?via=open"} {
			pop, err := c.ExpectPopup(ctx, p, 5*time.Second, click(p, sel))
			require.NoError(t, err, sel)
			require.NotEqual(t, p.TargetID, pop.TargetID)
			require.NoError(t, pop.Timeout(10*time.Second).WaitLoad())
			requireText(t, pop, "#via", via+" ann")
			info, err := pop.Info()
			require.NoError(t, err)
			require.Equal(t, site+"/popup-target"+via, info.URL)
			require.Equal(t, c.Rod.BrowserContextID, info.BrowserContextID, "the popup is in the opener's context")
			require.NoError(t, pop.Close())
		}

		_, err = c.ExpectPopup(ctx, p, 500*time.Millisecond, nothing)
		require.EqualError(t, err, "expect a popup: no popup within 500ms")
	})
}
