package pages_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// TestFilterHasNot keeps the list items without a text or without a child, and names the
// filters in errors.
func TestFilterHasNot(t *testing.T) {
	s := openFixture(t, fixture.NewTestBrowser(t), serveFixture(t), "/roles.html", short)
	items := s.GetByRole("listitem")
	checkCounts(t, []roleCase{
		{items, 3},
		{items.FilterHasNotText("banana"), 2},
		{items.FilterHasNotText("an"), 2}, // Apple, Cherry
		{items.FilterHasNotText("Apple Buy", pages.Exact()), 2},
		{items.FilterHasNotText("Apple", pages.Exact()), 3}, // its whole text is "Apple Buy"
		{items.FilterHasNot(s.GetByRole("button")), 1},
		{items.FilterHasNot(s.GetByText("Nothing")), 3},
		{items.FilterHasNot(s.GetByRole("button")).FilterHasNotText("Cherry"), 0},
	})
	require.Equal(t, "Cherry", items.FilterHasNot(s.GetByRole("button", pages.Name("Buy"))).InnerText())
	require.Equal(t, "Cherry", items.FilterHasNotText("Buy").InnerText())
	assert.Equal(t, `page: listitem [without child button "Buy"] [without text "Cherry"] not found after 300ms`,
		failure(s, items.FilterHasNot(s.GetByRole("button", pages.Name("Buy"))).FilterHasNotText("Cherry").Click))
}

// TestLocatorAndOr matches the elements both locators match, and those either matches in
// document order, once each.
func TestLocatorAndOr(t *testing.T) {
	s := openFixture(t, fixture.NewTestBrowser(t), serveFixture(t), "/roles.html", short)
	toggles := s.Locator("[aria-pressed]")
	checkCounts(t, []roleCase{
		{s.GetByRole("button").And(toggles), 3}, // not the hidden one: GetByRole skips it
		{s.GetByRole("button", pages.Name("Bold")).And(toggles), 1},
		{s.GetByRole("button", pages.Name("Plain")).And(toggles), 0},
		{s.GetByRole("heading", pages.Level(1)).Or(s.GetByRole("heading", pages.Level(4))), 2},
		{s.GetByRole("heading", pages.Level(1)).Or(s.Locator("h1")), 1}, // once
		{s.Locator("#nope").Or(s.GetByRole("tab")), 3},
	})
	// document order, whichever side found it
	either := s.GetByRole("heading", pages.Level(4)).Or(s.GetByRole("heading", pages.Level(1)))
	require.Equal(t, "Shop", either.First().InnerText())
	require.Equal(t, "Custom title", either.Last().InnerText())
	require.Equal(t, "Italic", s.GetByRole("button", pages.Pressed(false)).And(toggles).InnerText())
	assert.Equal(t, `page: button "Plain" [and css "[aria-pressed]"] not found after 300ms; closest: button "Plain", button "Italic", button "Bold"`,
		failure(s, s.GetByRole("button", pages.Name("Plain")).And(toggles).Click))
	assert.Equal(t, `page: tab [or link "Home"] matches 3 elements: <div> tab "First tab", <div> tab "Second tab", <div> tab "Third tab"; pick one with First, Last, Nth or a narrower locator`,
		failure(s, s.GetByRole("tab").Or(s.GetByRole("link", pages.Name("Home"))).Click))
}
