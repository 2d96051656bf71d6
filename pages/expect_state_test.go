package pages_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// TestExpectElement checks the assertions on an element's state, properties and accessibility,
// plain and negated: each passes once the page gets there and fails with its exact line.
func TestExpectElement(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)

	t.Run("pass", func(t *testing.T) {
		s := openFixture(t, b, base, "/assert.html?late=100", 5*time.Second)
		name := s.GetByLabel("Name")
		pages.Expect(name).ToBeFocused() // the page focuses it late
		pages.Expect(s.Locator("#filled")).Not().ToBeFocused()

		pages.Expect(name).ToBeEmpty()
		pages.Expect(s.Locator("#blank")).ToBeEmpty()
		pages.Expect(s.Locator("#filled")).Not().ToBeEmpty()
		pages.Expect(s.Locator("#plain")).Not().ToBeEmpty()

		pages.Expect(name).ToBeEditable()
		pages.Expect(s.Locator("#ce")).ToBeEditable()
		pages.Expect(s.GetByRole("checkbox")).ToBeEditable()
		pages.Expect(s.GetByLabel("Read only")).Not().ToBeEditable()
		pages.Expect(s.GetByLabel("Off")).Not().ToBeEditable()
		pages.Expect(s.GetByLabel("Locked")).Not().ToBeEditable()
		pages.Expect(s.Locator("#go")).Not().ToBeEditable()

		pages.Expect(s.Locator("#go")).ToBeAttached()
		pages.Expect(s.Locator("#nope")).Not().ToBeAttached()

		pages.Expect(s.Locator("#go")).ToBeInViewport()
		pages.Expect(s.Locator("#go")).ToBeInViewportRatio(1)
		pages.Expect(s.Locator("#bottom")).Not().ToBeInViewport()
		pages.Expect(s.Locator("#clipped")).Not().ToBeInViewport()

		pages.Expect(s.Locator("#box")).ToHaveCSS("color", "rgb(255, 0, 0)")
		pages.Expect(s.Locator("#box")).Not().ToHaveCSS("display", "none")
		pages.Expect(name).ToHaveID("name")
		pages.Expect(name).Not().ToHaveID("email")
		pages.Expect(s.GetByRole("checkbox")).ToHaveJSProperty("checked", false)
		pages.Expect(s.Locator("#box")).ToHaveJSProperty("dataset.state", "ready")
		pages.Expect(s.Locator("#todos")).ToHaveJSProperty("children.length", 4)
		pages.Expect(name).ToHaveJSProperty("tagName", "INPUT")
		pages.Expect(name).Not().ToHaveJSProperty("value", "x")
		pages.Expect(name).Not().ToHaveJSProperty("nothing.here", "x")

		pages.Expect(s.Locator("#up")).ToHaveAccessibleName("Back to top")
		pages.Expect(name).ToHaveAccessibleName("Name")
		pages.Expect(s.Locator("#logo")).ToHaveAccessibleName("Company logo")
		pages.Expect(s.Locator("#go")).Not().ToHaveAccessibleName("Stop")
		pages.Expect(s.Locator("#logo")).ToHaveAccessibleDescription("Our logo, since 1999")
		pages.Expect(s.Locator("#go")).ToHaveAccessibleDescription("")
		pages.Expect(s.Locator("#logo")).Not().ToHaveAccessibleDescription("Company logo")
		pages.Expect(s.Locator("#age")).ToHaveAccessibleErrorMessage("Age must be a number") // aria-invalid; hidden text counts
		pages.Expect(s.Locator("#mail")).ToHaveAccessibleErrorMessage("Enter an address")    // invalid by its own constraints
		pages.Expect(s.Locator("#fine")).ToHaveAccessibleErrorMessage("")                    // valid: none
		s.Evaluate(`() => document.getElementById("fine").setAttribute("aria-invalid", "true")`)
		pages.Expect(s.Locator("#fine")).ToHaveAccessibleErrorMessage("Never said")
		sizes := s.GetByLabel("Sizes")
		pages.Expect(sizes).ToHaveValues("m", "l")
		sizes.SelectOption("S", "l")
		pages.Expect(sizes).ToHaveValues("S", "l")
		pages.Expect(sizes).Not().ToHaveValues("l", "S")
		pages.Expect(s.Locator("#go")).ToHaveRole("button")
		pages.Expect(s.Locator("#up")).ToHaveRole("link")
		pages.Expect(s.Locator("#logo")).ToHaveRole("img")
		pages.Expect(s.Locator("#tick")).ToHaveRole("checkbox")
		pages.Expect(name).ToHaveRole("textbox")
		pages.Expect(s.Locator("#todos li").First()).ToHaveRole("listitem")
		pages.Expect(s.Locator("#go")).Not().ToHaveRole("link")
		pages.Expect(s.GetByRole("img", pages.Name("Company logo"))).ToBeVisible() // ARIA's name, not Chromium's "image"
	})

	t.Run("a failed assertion marks its element in the trace", func(t *testing.T) {
		trace := &actionTrace{}
		s := openFixtureWith(t, b, "/assert.html", pages.TabOptions{BaseURL: base, Timeout: short, Trace: trace})
		for _, fn := range []func(){
			func() { pages.Expect(s.Locator("#go")).ToHaveText("Stop") },
			func() { pages.Expect(s.Locator("#go")).ToHaveRole("link") },
			func() { pages.Expect(s.Locator("#bottom")).ToBeInViewport() },
		} {
			assert.NotEmpty(t, failure(s, fn))
			last := trace.ended[len(trace.ended)-1]
			assert.Error(t, last.Err)
			assert.NotNil(t, last.Target.Element)
		}
	})

	t.Run("fail", func(t *testing.T) {
		s := openFixture(t, b, base, "/assert.html", short)
		name := s.GetByLabel("Name")
		for _, c := range []struct {
			name   string
			assert func()
			want   string
		}{
			{"focused", func() { pages.Expect(name).ToBeFocused() },
				`page: expected field labelled "Name" to be focused, last seen the focus on <body> (polled 300ms)`},
			{"not focused", func() {
				s.Rod().MustEval(`() => document.getElementById("name").focus()`)
				pages.Expect(name).Not().ToBeFocused()
			}, `page: expected field labelled "Name" not to be focused, last seen focused (polled 300ms)`},
			{"empty field", func() { pages.Expect(s.Locator("#filled")).ToBeEmpty() },
				`page: expected css "#filled" to be empty, last seen "x" (polled 300ms)`},
			{"empty element", func() { pages.Expect(s.Locator("#plain")).ToBeEmpty() },
				`page: expected css "#plain" to be empty, last seen "No classes" (polled 300ms)`},
			{"not empty", func() { pages.Expect(s.Locator("#blank")).Not().ToBeEmpty() },
				`page: expected css "#blank" not to be empty, last seen empty (polled 300ms)`},
			{"editable, read-only", func() { pages.Expect(s.GetByLabel("Read only")).ToBeEditable() },
				`page: expected field labelled "Read only" to be editable, last seen read-only (polled 300ms)`},
			{"editable, disabled", func() { pages.Expect(s.GetByLabel("Off")).ToBeEditable() },
				`page: expected field labelled "Off" to be editable, last seen disabled (polled 300ms)`},
			{"editable, aria-readonly", func() { pages.Expect(s.GetByRole("textbox", pages.Name("Locked"))).ToBeEditable() },
				`page: expected textbox "Locked" to be editable, last seen read-only (polled 300ms)`},
			{"editable, a button", func() { pages.Expect(s.Locator("#go")).ToBeEditable() },
				`page: expected css "#go" to be editable, last seen not editable (a <button>) (polled 300ms)`},
			{"not editable", func() { pages.Expect(s.Locator("#ce")).Not().ToBeEditable() },
				`page: expected css "#ce" not to be editable, last seen editable (polled 300ms)`},
			{"attached", func() { pages.Expect(s.Locator("#nope")).ToBeAttached() },
				`page: expected css "#nope" to be attached, last seen nothing matching (polled 300ms)`},
			{"not attached", func() { pages.Expect(s.Locator("#go")).Not().ToBeAttached() },
				`page: expected css "#go" not to be attached, last seen attached (polled 300ms)`},
			{"attached, several", func() { pages.Expect(s.Locator("#todos li")).ToBeAttached() },
				`page: css "#todos li" matches 3 elements: <li> listitem "Buy milk", <li> listitem "Walk the dog", <li> listitem "Pay bills"; pick one with First, Last, Nth or a narrower locator`},
			{"in viewport", func() { pages.Expect(s.Locator("#bottom")).ToBeInViewport() },
				`page: expected css "#bottom" to be in the viewport, last seen viewport ratio 0 (polled 300ms)`},
			{"in viewport, clipped", func() { pages.Expect(s.Locator("#clipped")).ToBeInViewport() },
				`page: expected css "#clipped" to be in the viewport, last seen viewport ratio 0 (polled 300ms)`},
			{"not in viewport", func() { pages.Expect(s.Locator("#go")).Not().ToBeInViewport() },
				`page: expected css "#go" not to be in the viewport, last seen viewport ratio 1 (polled 300ms)`},
			{"in viewport by half", func() { pages.Expect(s.Locator("#bottom")).ToBeInViewportRatio(0.5) },
				`page: expected css "#bottom" to be in the viewport by a ratio of at least 0.5, last seen viewport ratio 0 (polled 300ms)`},
			{"css", func() { pages.Expect(s.Locator("#box")).ToHaveCSS("display", "none") },
				`page: expected css "#box" to have CSS display "none", last seen display "block" (polled 300ms)`},
			{"not css", func() { pages.Expect(s.Locator("#box")).Not().ToHaveCSS("color", "rgb(255, 0, 0)") },
				`page: expected css "#box" not to have CSS color "rgb(255, 0, 0)", last seen color "rgb(255, 0, 0)" (polled 300ms)`},
			{"id", func() { pages.Expect(name).ToHaveID("email") },
				`page: expected field labelled "Name" to have id "email", last seen id "name" (polled 300ms)`},
			{"not id", func() { pages.Expect(name).Not().ToHaveID("name") },
				`page: expected field labelled "Name" not to have id "name", last seen id "name" (polled 300ms)`},
			{"property", func() { pages.Expect(s.Locator("#tick")).ToHaveJSProperty("checked", true) },
				`page: expected css "#tick" to have JS property checked=true, last seen checked=false (polled 300ms)`},
			{"property path", func() { pages.Expect(s.Locator("#box")).ToHaveJSProperty("dataset.state", "busy") },
				`page: expected css "#box" to have JS property dataset.state="busy", last seen dataset.state="ready" (polled 300ms)`},
			{"property missing", func() { pages.Expect(s.Locator("#box")).ToHaveJSProperty("nothing.here", 1) },
				`page: expected css "#box" to have JS property nothing.here=1, last seen nothing.here=undefined (polled 300ms)`},
			{"not property", func() { pages.Expect(s.Locator("#todos")).Not().ToHaveJSProperty("children.length", 3) },
				`page: expected css "#todos" not to have JS property children.length=3, last seen children.length=3 (polled 300ms)`},
			{"property not JSON", func() { pages.Expect(s.Locator("#box")).ToHaveJSProperty("x", make(chan int)) },
				`page: expect css "#box" to have JS property x: the value is not JSON: json: unsupported type: chan int`},
			{"accessible name", func() { pages.Expect(s.Locator("#up")).ToHaveAccessibleName("Top") },
				`page: expected css "#up" to have accessible name "Top", last seen "Back to top" (polled 300ms)`},
			{"not accessible name", func() { pages.Expect(s.Locator("#go")).Not().ToHaveAccessibleName("Go") },
				`page: expected css "#go" not to have accessible name "Go", last seen "Go" (polled 300ms)`},
			{"accessible description", func() { pages.Expect(s.Locator("#logo")).ToHaveAccessibleDescription("Logo") },
				`page: expected css "#logo" to have accessible description "Logo", last seen "Our logo, since 1999" (polled 300ms)`},
			{"accessible error message", func() { pages.Expect(s.Locator("#age")).ToHaveAccessibleErrorMessage("Too old") },
				`page: expected css "#age" to have accessible error message "Too old", last seen "Age must be a number" (polled 300ms)`},
			{"values", func() { pages.Expect(s.Locator("#sizes")).ToHaveValues("m") },
				`page: expected css "#sizes" to have values ["m"], last seen ["m", "l"] (polled 300ms)`},
			{"values, no multiple select", func() { pages.Expect(s.Locator("#age")).ToHaveValues("m") },
				`page: expected css "#age" to have values ["m"], last seen no <select multiple> (polled 300ms)`},
			{"not values, no multiple select", func() { pages.Expect(s.Locator("#age")).Not().ToHaveValues("m") },
				`page: expected css "#age" not to have values ["m"], last seen no <select multiple> (polled 300ms)`},
			{"role", func() { pages.Expect(s.Locator("#go")).ToHaveRole("link") },
				`page: expected css "#go" to have role "link", last seen "button" (polled 300ms)`},
			{"not role", func() { pages.Expect(s.Locator("#logo")).Not().ToHaveRole("img") },
				`page: expected css "#logo" not to have role "img", last seen "img" (polled 300ms)`},
			{"role, nothing", func() { pages.Expect(s.Locator("#nope")).ToHaveRole("button") },
				`page: expected css "#nope" to have role "button", last seen nothing matching (polled 300ms)`},
		} {
			assert.Equal(t, c.want, failure(s, c.assert), c.name)
		}
	})
}
