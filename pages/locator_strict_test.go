package pages_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/internal/testfail"
	"github.com/e2e-dev/e2e/pages"
)

// A strictness error tells alike matches apart: each gets what is around it (a test id, or the
// role and heading, name or text of its nearest list item, row, article or landmark that holds
// none of the others) and a way to pick it, which picks it.
func TestStrictErrorTellsMatchesApart(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	ft := &testfail.T{}
	s := openFixtureAs(t, ft, b, "/strict.html", pages.TabOptions{BaseURL: base, Timeout: short})
	const pick = "; pick one with First, Last, Nth or a narrower locator"
	for _, c := range []struct {
		name string
		l    *pages.Locator
		want string
	}{
		{"test id", s.GetByRole("button", pages.Name("Delete")), `page: button "Delete" matches 2 elements: ` +
			`<button> button "Delete" in "card-a" (Nth(0), or within GetByTestID("card-a")), ` +
			`<button> button "Delete" in "card-b" (Nth(1), or within GetByTestID("card-b"))` + pick},
		{"row", s.GetByRole("button", pages.Name("Edit")), `page: button "Edit" matches 2 elements: ` +
			`<button> button "Edit" in row "Alice" (Nth(0), or within GetByRole("row").FilterHasText("Alice")), ` +
			`<button> button "Edit" in row "Bob" (Nth(1), or within GetByRole("row").FilterHasText("Bob"))` + pick},
		{"heading, cut", s.GetByRole("link", pages.Name("Read more")), `page: link "Read more" matches 2 elements: ` +
			`<a> link "Read more" in article "First post" (Nth(0), or within GetByRole("article").FilterHasText("First post")), ` +
			`<a> link "Read more" in article "The second post, whose title goes on for…" (Nth(1), or within GetByRole("article").FilterHasText("The second post, whose title goes on for"))` + pick},
		{"landmark name", s.GetByRole("link", pages.Name("Home")), `page: link "Home" matches 2 elements: ` +
			`<a> link "Home" in navigation "Top" (Nth(0), or within GetByRole("navigation", pages.Name("Top"))), ` +
			`<a> link "Home" in navigation "Bottom" (Nth(1), or within GetByRole("navigation", pages.Name("Bottom")))` + pick},
		{"nothing around", s.GetByLabel("Code"), `page: field labelled "Code" matches 2 elements: <input> textbox (Nth(0)), <input> textbox (Nth(1))` + pick},
		{"alike around", s.GetByRole("button", pages.Name("Open")), `page: button "Open" matches 2 elements: ` +
			`<button> button "Open" in listitem "Same" (Nth(0)), <button> button "Open" in listitem "Same" (Nth(1))` + pick},
		{"five at most", s.GetByText("Tag"), `page: text "Tag" matches 7 elements: <span> "Tag" (Nth(0)), <span> "Tag" (Nth(1)), ` +
			`<span> "Tag" (Nth(2)), <span> "Tag" (Nth(3)), <span> "Tag" (Nth(4))` + pick},
	} {
		assert.Equal(t, c.want, ft.Run(func() { c.l.Click() }), c.name)
	}

	// What the errors suggest picks the one meant.
	for _, c := range []struct {
		l    *pages.Locator
		want string
	}{
		{s.GetByTestID("card-b").GetByRole("button", pages.Name("Delete")), "Deleted B"},
		{s.GetByRole("row").FilterHasText("Bob").GetByRole("button", pages.Name("Edit")), "Edit Bob"},
		{s.GetByRole("button", pages.Name("Edit")).Nth(0), "Edit Alice"},
	} {
		require.Empty(t, ft.Run(func() { c.l.Click() }))
		require.Empty(t, ft.Run(func() { pages.Expect(s.GetByRole("status")).ToHaveText(c.want) }))
	}
	require.Empty(t, ft.Run(func() {
		pages.Expect(s.GetByRole("article").FilterHasText("The second post, whose title goes on for").GetByRole("link")).ToHaveAttribute("href", "#second")
		pages.Expect(s.GetByRole("navigation", pages.Name("Bottom")).GetByRole("link")).ToBeVisible()
	}))
}
