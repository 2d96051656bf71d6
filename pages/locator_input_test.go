package pages_test

import (
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// actionTrace records the page actions a tab tells its trace of.
type actionTrace struct{ ended []pages.TracedAction }

func (r *actionTrace) ActionStarted()                   {}
func (r *actionTrace) TargetFound(*rod.Element)         {}
func (r *actionTrace) ActionEnded(a pages.TracedAction) { r.ended = append(r.ended, a) }

// slow runs fn with the tab's timeout at 2s, for failures that need an action's first part to
// pass first.
func slow(s *pages.Tab, fn func()) {
	s.SetDefaultTimeout(2 * time.Second)
	defer s.SetDefaultTimeout(short)
	fn()
}

// TestLocatorInput runs the actions of Playwright's names, and the non-waiting reads, on the
// actions fixture: what each does, that each is a step of the step log and the trace, and the
// line each fails with.
func TestLocatorInput(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)

	t.Run("act", func(t *testing.T) {
		log := steps.NewStepLog()
		trace := &actionTrace{}
		s := openFixtureWith(t, b, "/actions.html", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second, Steps: log, Trace: trace,
			SensitiveField: func(name string) bool { return name == "Secret" }})
		events := s.GetByRole("listitem")
		status := s.GetByRole("status")

		s.Locator("#dbl").Dblclick()
		pages.Expect(events).ToHaveTexts("click 1", "click 2", "dblclick 2")

		note := s.GetByLabel("Note")
		note.Focus()
		pages.Expect(note).ToBeFocused()
		note.Blur()
		pages.Expect(note).Not().ToBeFocused()
		pages.Expect(events).ToContainTexts("dblclick 2", "focus", "blur")

		note.Fill("hello")
		note.PressSequentially("ab\nÉ!") // É is no key of a US keyboard: it is inserted
		pages.Expect(note).ToHaveValue("hello" + "ab" + "É!")
		pages.Expect(events).ToContainTexts("keydown a", "keydown b", "keydown Enter", "keydown !")
		s.Locator("#note").Blur()
		note.PressSequentially("x") // typing into a field without the focus starts at its beginning, as in Playwright
		pages.Expect(note).ToHaveValue("xhelloabÉ!")
		note.Press("Control+A") // selects all: no "A" is typed
		note.PressSequentially("new")
		pages.Expect(note).ToHaveValue("new")
		pages.Expect(events).ToContainTexts("keydown Control ctrl", "keydown A ctrl", "keydown n")
		note.Press("Shift+a")
		pages.Expect(note).ToHaveValue("newA")
		note.Press("ControlOrMeta+KeyA")
		note.Press("Backspace")
		pages.Expect(note).ToBeEmpty()
		s.GetByLabel("Secret").PressSequentially("pw")
		pages.Expect(s.GetByLabel("Secret")).ToHaveValue("pw")

		target := s.Locator("#target")
		target.DispatchEvent("click", nil)
		target.DispatchEvent("my-event", map[string]any{"detail": map[string]any{"id": 7}, "bubbles": false})
		target.DispatchEvent("drop", map[string]any{"dataTransfer": map[string]any{"text/plain": "dropped text"}})
		target.DispatchEvent("keydown", map[string]any{"key": "Enter"})
		target.DispatchEvent("touchstart", map[string]any{"touches": []any{map[string]any{"clientX": 5, "clientY": 5}}})
		pages.Expect(events).ToContainTexts("click MouseEvent bubbles=true", `my-event CustomEvent bubbles=false detail={"id":7}`,
			"drop DragEvent bubbles=true data=dropped text", "keydown KeyboardEvent bubbles=true key=Enter", "touchstart TouchEvent bubbles=true touches=1")

		s.Locator("#card").DragTo(s.GetByText("Done lane"))
		pages.Expect(status).ToHaveText("Dropped card-1")
		s.Locator("#knob").DragTo(s.Locator("#mark"))
		pages.Expect(status).ToHaveText("Knob at 200px")
		s.Locator("#dbl").Click() // the mouse is free again
		pages.Expect(events.Last()).ToHaveText("click 1")

		s.Locator("#touch").Tap()
		pages.Expect(events).ToContainTexts("touchstart", "touchend", "click")

		far := s.GetByText("Far below")
		pages.Expect(far).Not().ToBeInViewport()
		far.ScrollIntoViewIfNeeded()
		pages.Expect(far).ToBeInViewport()
		far.ScrollIntoViewIfNeeded() // in view already: nothing to do

		require.True(t, s.GetByLabel("Agree").IsChecked())
		s.GetByLabel("Agree").Uncheck()
		require.False(t, s.GetByLabel("Agree").IsChecked())
		require.True(t, s.GetByLabel("Note").IsEnabled())
		require.False(t, s.GetByRole("button", pages.Name("Off")).IsEnabled())
		require.False(t, s.GetByLabel("Locked").IsEnabled())

		var names []string
		for _, st := range log.Steps() {
			names = append(names, st.Name)
		}
		for _, want := range []string{
			`page: double-click css "#dbl"`,
			`page: focus field labelled "Note"`,
			`page: blur field labelled "Note"`,
			`page: type "ab\nÉ!" into field labelled "Note"`,
			`page: press "Control+A" on field labelled "Note"`,
			`page: type "***" into field labelled "Secret"`,
			`page: dispatch "click" on css "#target"`,
			`page: drag css "#card" to text "Done lane"`,
			`page: tap css "#touch"`,
			`page: scroll into view text "Far below"`,
		} {
			require.Contains(t, names, want)
		}
		traced := map[string]bool{}
		for _, a := range trace.ended {
			require.NoError(t, a.Err)
			traced[names[a.Step]] = true
		}
		for _, want := range []string{`page: double-click css "#dbl"`, `page: focus field labelled "Note"`, `page: drag css "#knob" to css "#mark"`,
			`page: tap css "#touch"`, `page: dispatch "drop" on css "#target"`, `page: type "new" into field labelled "Note"`,
			`page: scroll into view text "Far below"`, `page: blur field labelled "Note"`} {
			require.True(t, traced[want], "the trace has %s", want)
		}
	})

	t.Run("cannot act", func(t *testing.T) {
		s := openFixture(t, b, base, "/actions.html", short)
		for _, c := range []struct {
			name string
			do   func()
			want string
		}{
			{"dblclick hidden", s.Locator("#hidden").Dblclick, `page: css "#hidden" not visible after 300ms`},
			{"dblclick covered", s.Locator("#covered").Dblclick, `page: css "#covered" could not be double-clicked after 300ms: covered by div#overlay "Loading"`},
			{"focus nothing", s.Locator("#nope").Focus, `page: css "#nope" not found after 300ms`},
			{"blur several", s.Locator("input").Blur, `page: css "input" matches 4 elements: <input> textbox (Nth(0)), <input> textbox (Nth(1)), <input> textbox (Nth(2)), <input> checkbox "on"; pick one with First, Last, Nth or a narrower locator`},
			{"dispatch nothing", func() { s.Locator("#nope").DispatchEvent("click", nil) }, `page: css "#nope" not found after 300ms`},
			{"drag hidden", func() { s.Locator("#hidden").DragTo(s.Locator("#lane")) }, `page: css "#hidden" not visible after 300ms`},
			// The source is pressed before the target is looked for: time for it on a busy machine.
			{"drag onto nothing", func() { slow(s, func() { s.Locator("#card").DragTo(s.Locator("#nope")) }) }, `page: css "#nope" not found after 2s`},
			{"drag onto covered", func() { slow(s, func() { s.Locator("#card").DragTo(s.Locator("#covered")) }) }, `page: css "#covered" could not be dropped on after 2s: covered by div#overlay "Loading"`},
			{"tap covered", s.Locator("#covered").Tap, `page: css "#covered" could not be tapped after 300ms: covered by div#overlay "Loading"`},
			{"scroll hidden", s.Locator("#hidden").ScrollIntoViewIfNeeded, `page: css "#hidden" not visible after 300ms`},
			{"type disabled", func() { s.GetByLabel("Locked").PressSequentially("x") }, `page: field labelled "Locked" could not be focused after 300ms: disabled`},
			{"press chord, unknown key", func() { s.GetByLabel("Note").Press("Control+Hyper") }, `page: press "Control+Hyper": unknown key "Hyper" (a character or one of Enter, Tab, Escape, Backspace, Delete, Space, Home, End, PageUp, PageDown, Arrow*, F1-F12, Key[A-Z], Digit[0-9], Shift, Control, Alt, Meta, ControlOrMeta)`},
			{"press empty key", func() { s.GetByLabel("Note").Press("Control+") }, `page: press "Control+": unknown key "" (a character or one of Enter, Tab, Escape, Backspace, Delete, Space, Home, End, PageUp, PageDown, Arrow*, F1-F12, Key[A-Z], Digit[0-9], Shift, Control, Alt, Meta, ControlOrMeta)`},
			{"is checked, a button", func() { s.Locator("#off").IsChecked() }, `page: css "#off" is not a checkbox or radio`},
			{"is checked, nothing", func() { s.Locator("#nope").IsChecked() }, `page: css "#nope" not found`},
			{"is enabled, several", func() { s.GetByRole("button").IsEnabled() }, `page: button matches 3 elements: <button> button "Covered", <button> button "Off", <button> button "Touch me"; pick one with First, Last, Nth or a narrower locator`},
		} {
			assert.Equal(t, c.want, failure(s, c.do), c.name)
		}
		// A failed drag lets go of the mouse: a click afterwards is a click.
		s.SetDefaultTimeout(5 * time.Second)
		s.Locator("#dbl").Click()
		pages.Expect(s.GetByRole("listitem").Last()).ToHaveText("click 1")
	})
}
