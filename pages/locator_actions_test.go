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
		s := openFixture(t, b, base, "/fixture.html?late=150&uncover=150", 5*time.Second)
		log := steps.NewStepLog()
		s.Steps = log
		var highlighted []string
		s.Highlight = func(el *rod.Element, label string) {
			highlighted = append(highlighted, label)
			browser.Highlight(el, label)
		}
		status := s.GetByRole("status")

		require.NoError(t, s.GetByTestID("late").Click(), "an element that appears late is waited for")
		pages.Expect(t, status).ToHaveText("Late clicked")
		require.NoError(t, s.Locator("#covered").Click(), "a click waits until the cover is gone")

		terms := s.GetByLabel("I agree")
		require.NoError(t, terms.Check())
		pages.Expect(t, terms).ToBeChecked()
		require.NoError(t, terms.Check(), "checking a checked box leaves it checked")
		pages.Expect(t, terms).ToBeChecked()
		require.NoError(t, terms.Uncheck())
		pages.Expect(t, terms).Not().ToBeChecked()

		require.NoError(t, s.GetByRole("combobox", pages.Name("Country")).SelectOption("Germany"))
		pages.Expect(t, status).ToHaveText("Country de")

		require.NoError(t, s.GetByText("Hover me").Hover())
		pages.Expect(t, status).ToHaveText("Hovered")

		keys := s.GetByLabel("Keys")
		require.NoError(t, keys.Fill("abc"))
		require.NoError(t, keys.Press("Enter"))
		pages.Expect(t, status).ToHaveText("Entered abc")
		require.NoError(t, keys.Press("Control+a"))
		require.NoError(t, keys.Press("Backspace"))
		pages.Expect(t, keys).ToHaveValue("")

		file := filepath.Join(t.TempDir(), "photo.txt")
		require.NoError(t, os.WriteFile(file, []byte("hi"), 0o600))
		require.NoError(t, s.GetByLabel("Upload").SetInputFiles(file), "a hidden file input takes files")
		pages.Expect(t, status).ToHaveText("Uploaded photo.txt")

		html, err := s.Locator("#list li").First().InnerHTML()
		require.NoError(t, err)
		require.Contains(t, html, "<span>Milk</span>")
		_, has, err := s.GetByTestID("only-button").Attribute("data-missing")
		require.NoError(t, err)
		require.False(t, has)

		visible, err := s.GetByTestID("only-button").IsVisible()
		require.NoError(t, err)
		require.True(t, visible)
		visible, err = s.Locator("#hidden-btn").IsVisible()
		require.NoError(t, err)
		require.False(t, visible)
		visible, err = s.GetByTestID("nope").IsVisible()
		require.NoError(t, err)
		require.False(t, visible, "nothing matching is not visible")
		n, err := s.GetByRole("listitem").Count()
		require.NoError(t, err)
		require.Equal(t, 3, n)

		require.NoError(t, s.Locator("#hidden-btn").WaitFor(pages.Attached))
		require.NoError(t, s.Locator("#hidden-btn").WaitFor(pages.Hidden))
		require.NoError(t, s.Locator("#overlay").WaitFor(pages.Detached))
		require.NoError(t, s.GetByTestID("only-button").WaitFor(pages.Visible))

		require.NoError(t, s.GetByRole("button", pages.Name("Frame button")).Click())
		inFrame, err := s.Page.Eval(`() => {
			const b = document.getElementById("__e2e_highlight").style; // where it goes, not where it glides
			const f = document.getElementById("frame").getBoundingClientRect();
			const top = parseFloat(b.top), left = parseFloat(b.left);
			return top >= f.top - 5 && left >= f.left - 5 && top <= f.bottom;
		}`)
		require.NoError(t, err)
		require.True(t, inFrame.Value.Bool(), "the highlight of an element in an iframe is drawn over it")

		require.NoError(t, s.GetByRole("link", pages.Name("Open mini app")).OnPage("home").ClickToNavigate())
		pages.ExpectPage(t, s).ToHavePath("/app.html")

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
			do   func() error
			want string
		}{
			{"hidden", s.Locator("#hidden-btn").Click, `page: css "#hidden-btn" not visible after 300ms`},
			{"covered", s.Locator("#covered").Click, `page: css "#covered" could not be clicked after 300ms: covered by div#overlay "Loading"`},
			{"disabled", s.GetByRole("button", pages.Name("Disabled")).Click, `page: button "Disabled" could not be clicked after 300ms: disabled`},
			{"moving", s.GetByRole("button", pages.Name("Moving")).Click, `page: button "Moving" could not be clicked after 300ms: moving`},
			{"late", s.GetByTestID("late").Click, `page: "late" not found after 300ms`},
			{"hover covered", s.Locator("#covered").Hover, `page: css "#covered" could not be hovered after 300ms: covered by div#overlay "Loading"`},
			{"fill a button", func() error { return s.GetByTestID("only-button").Fill("x") }, `page: "only-button" could not be filled after 300ms: not editable`},
			{"clear hidden", s.Locator("#hidden-btn").Clear, `page: css "#hidden-btn" not visible after 300ms`},
			{"check disabled", s.GetByRole("button", pages.Name("Disabled")).Check, `page: button "Disabled" could not be checked after 300ms: disabled`},
			{"uncheck hidden", s.Locator("#hidden-btn").Uncheck, `page: css "#hidden-btn" not visible after 300ms`},
			{"select", func() error { return s.GetByLabel("Country").SelectOption("Spain") }, `page: field labelled "Country" could not be selected after 300ms: no option "Spain"`},
			{"press", func() error { return s.Locator("#hidden-btn").Press("Enter") }, `page: css "#hidden-btn" not visible after 300ms`},
			{"press unknown key", func() error { return s.GetByLabel("Keys").Press("Hyper") }, `page: press "Hyper": unknown key "Hyper" (a character or one of Enter, Tab, Escape, Backspace, Delete, Space, Home, End, PageUp, PageDown, Arrow*, Shift, Control, Alt, Meta)`},
			{"upload", func() error { return s.GetByLabel("Nope").SetInputFiles("x") }, `page: field labelled "Nope" not found after 300ms`},
			{"text", func() error { _, err := s.Locator("#hidden-btn").Text(); return err }, `page: css "#hidden-btn" not visible after 300ms`},
			{"inner HTML", func() error { _, err := s.Locator("#nope").InnerHTML(); return err }, `page: css "#nope" not found after 300ms`},
			{"attribute", func() error { _, _, err := s.GetByRole("button", pages.Name("Save")).Attribute("id"); return err }, `page: button "Save" matches 3 elements: <button> button "Save", <button> button "Save draft", <button> button "Save all"; pick one with First, Last, Nth or a narrower locator`},
			{"visible", func() error { _, err := s.GetByText("Buy").IsVisible(); return err }, `page: text "Buy" matches 3 elements: <button> button "Buy", <button> button "Buy", <button> button "Buy"; pick one with First, Last, Nth or a narrower locator`},
			{"count", func() error { _, err := s.Locator("!!").Count(); return err }, `page: css "!!": SyntaxError: Failed to execute 'querySelectorAll' on 'Document': '!!' is not a valid selector.`},
			{"wait visible", func() error { return s.Locator("#hidden-btn").WaitFor(pages.Visible) }, `page: css "#hidden-btn" not visible after 300ms`},
			{"wait detached", func() error { return s.Locator("#overlay").WaitFor(pages.Detached) }, `page: css "#overlay" still in the document after 300ms`},
			{"wait hidden", func() error { return s.Locator("#overlay").WaitFor(pages.Hidden) }, `page: css "#overlay" still visible after 300ms`},
			{"navigate", func() error {
				// The click must happen before the wait can fail: time for it on a busy machine.
				s.Timeout = 2 * time.Second
				defer func() { s.Timeout = short }()
				return s.GetByRole("button", pages.Name("Sign in")).ClickToNavigate()
			}, `page: no page loaded after clicking button "Sign in" after 2s`},
		} {
			err := c.do()
			if assert.Error(t, err, c.name) {
				assert.Equal(t, c.want, err.Error(), c.name)
			}
		}
	})
}
