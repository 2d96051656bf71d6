package pages_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// Close closes the tab: a second Close does nothing, any other call fails saying so.
func TestTabClose(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	log := steps.NewStepLog()
	closed := 0
	tab := openFixtureWith(t, b, "/input.html", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second, Steps: log, OnClose: func() { closed++ }})
	target := tab.Rod().TargetID
	require.False(t, tab.IsClosed())
	tab.Close()
	require.True(t, tab.IsClosed())
	tab.Close()
	require.Equal(t, 1, closed)
	open, err := b.Rod.Pages()
	require.NoError(t, err)
	for _, p := range open {
		require.NotEqual(t, target, p.TargetID, "the tab is gone from the browser")
	}
	require.Equal(t, `page: the tab is closed (Tab.Close closed it): act in another tab, or before closing it`, failure(tab, func() { tab.Goto("/input.html") }))
	require.Equal(t, 1, strings.Count(strings.Join(stepNames(log), "\n"), "page: close"))
}
