package pages_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// TestAllInnerTexts reads every match's text at once, in document order, through filters, and
// none when nothing matches.
func TestAllInnerTexts(t *testing.T) {
	s := openFixture(t, fixture.NewTestBrowser(t), serveFixture(t), "/fixture.html", 5*time.Second)
	s.GetByRole("listitem").First().WaitFor(pages.Visible)
	require.Equal(t, []string{"Milk Buy", "Bread Buy", "Eggs Buy"}, s.GetByRole("listitem").AllInnerTexts())
	require.Equal(t, []string{"Buy"}, s.GetByRole("listitem").FilterHasText("eggs").GetByRole("button").AllInnerTexts())
	require.Empty(t, s.GetByRole("heading", pages.Name("no such heading")).AllInnerTexts())
}
