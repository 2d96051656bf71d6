package pages_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// TestLocatorActions runs every action on the fixture: what it does when it can, and the line
// it fails with when it cannot (hidden, covered, disabled, moving, late, wrong option).
func TestLocatorActions(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)

	t.Run("act", func(t *testing.T) {
		log := steps.NewStepLog()
		var highlighted []string
		s := openFixtureWith(t, b, "/fixture.html?late=150&uncover=150", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second,
			Steps: log, Highlight: func(el *rod.Element, label string) {
				highlighted = append(highlighted, label)
				browser.Highlight(el, label)
			}})
		status := s.GetByRole("status")

		s.GetByTestID("late").Click() // an element that appears late is waited for
		pages.Expect(status).ToHaveText("Late clicked")
		s.Locator("#covered").Click() // a click waits until the cover is gone

		terms := s.GetByLabel("I agree")
		terms.Check()
		pages.Expect(terms).ToBeChecked()
		terms.Check() // checking a checked box leaves it checked
		pages.Expect(terms).ToBeChecked()
		terms.Uncheck()
		pages.Expect(terms).Not().ToBeChecked()

		s.GetByRole("combobox", pages.Name("Country")).SelectOption("Germany")
		pages.Expect(status).ToHaveText("Country de")

		s.GetByText("Hover me").Hover()
		pages.Expect(status).ToHaveText("Hovered")

		keys := s.GetByLabel("Keys")
		keys.Fill("abc")
		keys.Press("Enter")
		pages.Expect(status).ToHaveText("Entered abc")
		keys.Press("Control+a")
		keys.Press("Backspace")
		pages.Expect(keys).ToHaveValue("")

		file := filepath.Join(t.TempDir(), "photo.txt")
		require.NoError(t, os.WriteFile(file, []byte("hi"), 0o600))
		s.GetByLabel("Upload").SetInputFiles(pages.File{Path: file}) // a hidden file input takes files
		pages.Expect(status).ToHaveText("Uploaded photo.txt")

		require.Contains(t, s.Locator("#list li").First().InnerHTML(), "<span>Milk</span>")
		_, has := s.GetByTestID("only-button").GetAttribute("data-missing")
		require.False(t, has)

		require.True(t, s.GetByTestID("only-button").IsVisible())
		require.False(t, s.Locator("#hidden-btn").IsVisible())
		require.False(t, s.GetByTestID("nope").IsVisible(), "nothing matching is not visible")
		require.Equal(t, 3, s.GetByRole("listitem").Count())

		s.Locator("#hidden-btn").WaitFor(pages.Attached)
		s.Locator("#hidden-btn").WaitFor(pages.Hidden)
		s.Locator("#overlay").WaitFor(pages.Detached)
		s.GetByTestID("only-button").WaitFor(pages.Visible)

		s.GetByRole("button", pages.Name("Frame button")).Click()
		inFrame, err := s.Rod().Eval(`() => {
			const b = document.getElementById("__e2e_highlight").style; // where it goes, not where it glides
			const f = document.getElementById("frame").getBoundingClientRect();
			const top = parseFloat(b.top), left = parseFloat(b.left);
			return top >= f.top - 5 && left >= f.left - 5 && top <= f.bottom;
		}`)
		require.NoError(t, err)
		require.True(t, inFrame.Value.Bool(), "the highlight of an element in an iframe is drawn over it")

		s.GetByRole("link", pages.Name("Open mini app")).OnPage("home").ClickToNavigate()
		pages.ExpectPage(s).ToHavePath("/app.html")

		var names []string
		for _, st := range log.Steps() {
			names = append(names, st.Name)
		}
		require.Contains(t, names, `page: click "late"`)
		require.Contains(t, names, `page: fill field labelled "Keys" with "abc"`)
		require.Contains(t, names, `page: select ["Germany"] in combobox "Country"`)
		require.Contains(t, names, `home: click link "Open mini app" and wait for the next page`)
		require.Contains(t, highlighted, `page: combobox "Country"`, "every kind of locator highlights what it acts on")
		require.Contains(t, highlighted, `page: field labelled "Keys"`)
		require.Contains(t, highlighted, `home: link "Open mini app"`)
	})

	t.Run("cannot act", func(t *testing.T) {
		s := openFixture(t, b, base, "/fixture.html?late=60000", short)
		for _, c := range []struct {
			name string
			do   func()
			want string
		}{
			{"hidden", s.Locator("#hidden-btn").Click, `page: css "#hidden-btn" not visible after 300ms`},
			{"covered", s.Locator("#covered").Click, `page: css "#covered" could not be clicked after 300ms: covered by div#overlay "Loading"`},
			{"disabled", s.GetByRole("button", pages.Name("Disabled")).Click, `page: button "Disabled" could not be clicked after 300ms: disabled`},
			{"moving", s.GetByRole("button", pages.Name("Moving")).Click, `page: button "Moving" could not be clicked after 300ms: moving`},
			{"late", s.GetByTestID("late").Click, `page: "late" not found after 300ms`},
			{"hover covered", s.Locator("#covered").Hover, `page: css "#covered" could not be hovered after 300ms: covered by div#overlay "Loading"`},
			{"fill a button", func() { s.GetByTestID("only-button").Fill("x") }, `page: "only-button" could not be filled after 300ms: not editable`},
			{"clear hidden", s.Locator("#hidden-btn").Clear, `page: css "#hidden-btn" not visible after 300ms`},
			{"check disabled", s.GetByRole("button", pages.Name("Disabled")).Check, `page: button "Disabled" could not be checked after 300ms: disabled`},
			{"uncheck hidden", s.Locator("#hidden-btn").Uncheck, `page: css "#hidden-btn" not visible after 300ms`},
			{"select", func() { s.GetByLabel("Country").SelectOption("Spain") }, `page: field labelled "Country" could not be selected after 300ms: no option "Spain"`},
			{"press", func() { s.Locator("#hidden-btn").Press("Enter") }, `page: css "#hidden-btn" not visible after 300ms`},
			{"press unknown key", func() { s.GetByLabel("Keys").Press("Hyper") }, `page: press "Hyper": unknown key "Hyper" (a character or one of Enter, Tab, Escape, Backspace, Delete, Space, Home, End, PageUp, PageDown, Arrow*, F1-F12, Key[A-Z], Digit[0-9], Shift, Control, Alt, Meta, ControlOrMeta)`},
			{"upload", func() { s.GetByLabel("Nope").SetInputFiles(pages.File{Path: "x"}) }, `page: field labelled "Nope" not found after 300ms`},
			{"text", func() { s.Locator("#hidden-btn").InnerText() }, `page: css "#hidden-btn" not visible after 300ms`},
			{"inner HTML", func() { s.Locator("#nope").InnerHTML() }, `page: css "#nope" not found after 300ms`},
			{"attribute", func() { s.GetByRole("button", pages.Name("Save")).GetAttribute("id") }, `page: button "Save" matches 3 elements: <button> button "Save", <button> button "Save draft", <button> button "Save all"; pick one with First, Last, Nth or a narrower locator`},
			{"visible", func() { s.GetByText("Buy").IsVisible() }, `page: text "Buy" matches 3 elements: <button> button "Buy" in listitem "Milk" (Nth(0), or within GetByRole("listitem").FilterHasText("Milk")), <button> button "Buy" in listitem "Bread" (Nth(1), or within GetByRole("listitem").FilterHasText("Bread")), <button> button "Buy" in listitem "Eggs" (Nth(2), or within GetByRole("listitem").FilterHasText("Eggs")); pick one with First, Last, Nth or a narrower locator`},
			{"count", func() { s.Locator("!!").Count() }, `page: css "!!": SyntaxError: Failed to execute 'querySelectorAll' on 'Document': '!!' is not a valid selector.`},
			{"wait visible", func() { s.Locator("#hidden-btn").WaitFor(pages.Visible) }, `page: css "#hidden-btn" not visible after 300ms`},
			{"wait detached", func() { s.Locator("#overlay").WaitFor(pages.Detached) }, `page: css "#overlay" still in the document after 300ms`},
			{"wait hidden", func() { s.Locator("#overlay").WaitFor(pages.Hidden) }, `page: css "#overlay" still visible after 300ms`},
			{"navigate", func() {
				// The click must happen before the wait can fail: time for it on a busy machine.
				s.SetDefaultTimeout(2 * time.Second)
				defer s.SetDefaultTimeout(short)
				s.GetByRole("button", pages.Name("Sign in")).ClickToNavigate()
			}, `page: no page loaded after clicking button "Sign in" after 2s`},
		} {
			assert.Equal(t, c.want, failure(s, c.do), c.name)
		}
	})
}
