package pages_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// short is the action timeout of the tests that expect a failure: long enough for the fixture
// to be looked at a few times, short enough to keep the suite fast.
const short = 300 * time.Millisecond

// TestNotFoundHints checks that a lookup that finds nothing names the closest things on the page
// of every kind: elements by role and name, labels (of hidden controls too) and texts.
func TestNotFoundHints(t *testing.T) {
	s := openFixture(t, fixture.NewTestBrowser(t), serveFixture(t), "/hints.html", short)
	for _, c := range []struct {
		l    *pages.Locator
		want string
	}{
		{s.GetByRole("checkbox", pages.Name("Toggle All")),
			`page: checkbox "Toggle All" not found after 300ms; closest: label "Toggle All Input", link "All"`},
		{s.GetByLabel("Toggle everything"),
			`page: field labelled "Toggle everything" not found after 300ms; closest: label "Toggle All Input"`},
		{s.GetByText("Nothing to do"), // there: the hint is only for what is not
			""},
		{s.GetByRole("button", pages.Name("Nothing to do yet!")),
			`page: button "Nothing to do yet!" not found after 300ms; closest: text "Nothing to do yet", button "Clear completed"`},
		{s.GetByRole("link", pages.Name("Completed tasks")),
			`page: link "Completed tasks" not found after 300ms; closest: link "Completed", button "Clear completed", link "All"`},
		{s.GetByText("Clear all completed"),
			`page: text "Clear all completed" not found after 300ms; closest: button "Clear completed", link "Completed", label "Toggle All Input"`},
	} {
		got := failure(s, func() { c.l.InnerText() })
		assert.Equal(t, c.want, got, c.l.String())
	}
}

// TestLocatorKinds finds the fixture's elements by every kind of locator and chain, on a local
// browser and on one reached over DevTools (browser.remote.kind cdp).
func TestLocatorKinds(t *testing.T) {
	base := serveFixture(t)
	browsers := fixtureBrowsers(t)
	for _, name := range browserNames {
		b := browsers[name]
		t.Run(name, func(t *testing.T) {
			t.Run("found", func(t *testing.T) {
				s := openFixture(t, b, base, "/fixture.html", 5*time.Second)
				cases := []struct {
					l    *pages.Locator
					want string // its text
				}{
					{s.GetByRole("button", pages.Name("Sign in")), "Sign in"},
					{s.GetByRole("button", pages.Name("save", pages.Exact(), pages.IgnoreCase())), "Save"},
					{s.GetByRole("button", pages.NameMatching(regexp.MustCompile(`^Save d`))), "Save draft"},
					{s.GetByRole("link", pages.Name("Save", pages.Exact())), "Save"},
					{s.GetByTestID("only-button"), "Sign in"},
					{s.Locator("#ambiguous > button:nth-child(3)"), "Save all"},
					{s.XPath("//button[@id='only']"), "Sign in"},
					{s.GetByText("sign i"), "Sign in"},
					{s.GetByText("Sign up", pages.Exact()), "Sign up"},
					{s.GetByTextMatching(regexp.MustCompile(`^Hover`)), "Hover me"},
					{s.GetByTitle("The only one"), "Sign in"},
					{s.GetByRole("listitem").Nth(1), "Bread Buy"},
					{s.GetByRole("listitem").First(), "Milk Buy"},
					{s.GetByRole("listitem").Last(), "Eggs Buy"},
					{s.GetByRole("listitem").Nth(-2), "Bread Buy"},
					{s.GetByRole("listitem").FilterHasText("eggs"), "Eggs Buy"},
					{s.GetByRole("listitem").FilterHas(s.GetByText("Milk")), "Milk Buy"},
					{s.Locator("#ambiguous").GetByRole("link"), "Save"},
					{s.GetByRole("button", pages.Name("Shadow button")), "Shadow button"},
					{s.GetByText("Shadow button"), "Shadow button"},
					{s.GetByRole("button", pages.Name("Frame button")), "Frame button"},
					{s.Locator("#frame").GetByText("Frame button"), "Frame button"},
					{s.XPath("//button[text()='Frame button']"), "Frame button"},
				}
				for _, c := range cases {
					require.Equal(t, c.want, c.l.InnerText(), c.l.String())
				}
				fields := []struct {
					l     *pages.Locator
					value string
				}{
					{s.GetByLabel("Email"), "ann@example.test"},            // <label for>
					{s.GetByLabel("Username"), "ann"},                      // a wrapping <label>
					{s.GetByLabel("Password"), "pw"},                       // aria-labelledby
					{s.GetByLabel("Search"), "milk"},                       // aria-label
					{s.GetByPlaceholder("In the shadow"), "shade"},         // in a shadow root
					{s.GetByLabel("Frame field"), "framed"},                // in an iframe
					{s.GetByRole("textbox", pages.Name("Keys")), "typed"},  // role of an input
					{s.GetByPlaceholder("you@example", pages.Exact()), ""}, // cleared below
				}
				for _, f := range fields[:len(fields)-1] {
					f.l.Fill(f.value)
					require.Equal(t, f.value, f.l.InputValue(), f.l.String())
				}
				email := s.GetByPlaceholder("you@example.com", pages.Exact())
				email.Clear()
				require.Empty(t, email.InputValue())
				width, ok := s.GetByAltText("Company logo").GetAttribute("width")
				require.True(t, ok)
				require.Equal(t, "20", width)

				// config locators.test_id_attribute
				alt := openFixtureWith(t, b, "/fixture.html", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second, TestIDAttribute: "data-test"})
				require.Equal(t, "Sign in", alt.GetByTestID("only-alt").InnerText())
				alt.SetDefaultTimeout(short)
				require.Equal(t, `page: "only-button" not found after 300ms`, failure(alt, func() { alt.GetByTestID("only-button").InnerText() }),
					"data-testid is not looked at then")
			})
			t.Run("clicks reach shadow roots, frames and chained matches", func(t *testing.T) {
				s := openFixture(t, b, base, "/fixture.html", 5*time.Second)
				status := s.GetByRole("status")
				for _, c := range []struct {
					l    *pages.Locator
					want string
				}{
					{s.GetByRole("listitem").FilterHasText("Bread").GetByRole("button"), "Bought bread"},
					{s.GetByRole("button", pages.Name("Shadow button")), "Shadow clicked"},
					{s.GetByTestID("only-button"), "Signed in"},
				} {
					c.l.Click()
					pages.Expect(status).ToHaveText(c.want)
				}
				s.GetByRole("button", pages.Name("Frame button")).Click()
				pages.Expect(s.GetByRole("button", pages.Name("Frame clicked"))).ToBeVisible()
			})
			t.Run("not found", func(t *testing.T) {
				s := openFixture(t, b, base, "/fixture.html", short)
				for _, c := range []struct {
					l    *pages.Locator
					want string
				}{
					{s.GetByRole("button", pages.Name("Log in")), `page: button "Log in" not found after 300ms; closest: button "Sign in", button "Moving", button "Save"`},
					{s.GetByRole("link", pages.Name("Sign in")), `page: link "Sign in" not found after 300ms; closest: button "Sign in", link "Sign up", link "Save"`},
					{s.GetByTestID("nope"), `page: "nope" not found after 300ms`},
					{s.Locator("#nope"), `page: css "#nope" not found after 300ms`},
					{s.XPath("//nope"), `page: xpath "//nope" not found after 300ms`},
					{s.GetByText("Nothing here", pages.Exact()), `page: text "Nothing here" not found after 300ms`},
					{s.GetByText("sign"), `page: text "sign" matches 2 elements: <button> button "Sign in", <a> link "Sign up"; pick one with First, Last, Nth or a narrower locator`},
					{s.GetByTextMatching(regexp.MustCompile(`^Nope$`)), `page: text /^Nope$/ not found after 300ms`},
					{s.GetByLabel("Phone"), `page: field labelled "Phone" not found after 300ms`},
					{s.GetByLabel("Email address"), `page: field labelled "Email address" not found after 300ms; closest: textbox "Email"`},
					{s.GetByPlaceholder("Phone"), `page: field with placeholder "Phone" not found after 300ms`},
					{s.GetByAltText("Banner"), `page: image "Banner" not found after 300ms`},
					{s.GetByTitle("Close"), `page: element titled "Close" not found after 300ms`},
					{s.GetByRole("listitem").Nth(5), `page: listitem [nth=5] not found after 300ms`},
					{s.GetByRole("listitem").FilterHasText("Cheese"), `page: listitem [has text "Cheese"] not found after 300ms`},
					{s.GetByRole("listitem").FilterHas(s.GetByText("Cheese")), `page: listitem [has child text "Cheese"] not found after 300ms`},
					{s.Locator("#list").GetByRole("button", pages.Name("Sell")), `page: button "Sell" inside css "#list" not found after 300ms; closest: button "Save", button "Save all", button "Buy"`},
					{s.GetByRole("button", pages.Name("Save")), `page: button "Save" matches 3 elements: <button> button "Save", <button> button "Save draft", <button> button "Save all"; pick one with First, Last, Nth or a narrower locator`},
					{s.Locator("button"), `page: css "button" matches 15 elements: <button> button "Save", <button> button "Save draft", <button> button "Save all", <button> button "Sign in", <button> "Hidden"; pick one with First, Last, Nth or a narrower locator`},
				} {
					assert.Equal(t, c.want, failure(s, c.l.Click), c.l.String())
				}
			})
		})
	}
}
