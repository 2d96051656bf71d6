package pages

import (
	"errors"
	"fmt"

	"github.com/e2e-dev/e2e/browser"
)

// Dialog is a JavaScript dialog a tab opened (alert, confirm, prompt, beforeunload). The page
// and the action that opened it wait until the flow accepts or dismisses it. Dialogs nothing
// expects are dismissed as they open, as Playwright does, and steps.log says so: a confirm
// then returns false, a prompt null, a beforeunload keeps the page.
type Dialog struct {
	// Type is alert, confirm, prompt or beforeunload.
	Type string
	// Message is the text it shows.
	Message string
	// DefaultValue is a prompt's default answer.
	DefaultValue string

	tab *Tab
	d   *browser.Dialog
}

// ExpectDialog runs action (a click that asks for a confirmation) and returns the dialog it
// opens, within the action timeout, still open: Accept or Dismiss it next, which lets the
// action end. Use nothing else of the tab meanwhile: the page waits on the dialog.
//
//	d := f.Tab.ExpectDialog(func() { shelf.Delete(title) })
//	require.Equal(f, `Delete “Emma” from your shelf?`, d.Message)
//	d.Accept()
func (tab *Tab) ExpectDialog(action func()) *Dialog {
	if tab.o.Dialogs == nil {
		tab.must(fmt.Errorf("%s: expect a dialog: this tab does not handle dialogs (TabOptions.Dialogs)", tab.named(tabLabel)))
	}
	// The page holds the action until the dialog closes: it runs on a goroutine of its own, its
	// failure caught by a Try and told here.
	d, err := tab.o.Dialogs.Expect(tab.page.GetContext(), tab.timeout, func() error {
		if err := tab.Try(action); err != nil {
			return actionFailed{err}
		}
		return nil
	})
	var af actionFailed
	switch {
	case errors.As(err, &af):
		tab.must(af.err)
	case err != nil:
		tab.must(tab.explain(tab.named(tabLabel), fmt.Errorf("expect a dialog: %w", err)))
	}
	tab.steps.Note(tab.named(fmt.Sprintf("%s: dialog %s opened", tabLabel, d)))
	return &Dialog{Type: d.Type, Message: d.Message, DefaultValue: d.DefaultPrompt, tab: tab, d: d}
}

// actionFailed is the failure of an expectation's action, as opposed to the expectation's own.
type actionFailed struct{ err error }

func (a actionFailed) Error() string { return a.err.Error() }

// Accept accepts the dialog (OK), with promptText as a prompt's answer, and waits for the action
// that opened it to end: a failure of that action fails the flow here.
func (d *Dialog) Accept(promptText ...string) {
	text := ""
	if len(promptText) > 0 {
		text = promptText[0]
	}
	what := "accept"
	if d.Type == browser.DialogPrompt {
		what = fmt.Sprintf("answer %q to", text)
	}
	d.close(what, func() error { return d.d.Accept(text) })
}

// Dismiss dismisses the dialog (Cancel) and waits for the action that opened it to end.
func (d *Dialog) Dismiss() { d.close("dismiss", d.d.Dismiss) }

func (d *Dialog) close(what string, fn func() error) {
	tab := d.tab
	tab.must(tab.steps.Do(tab.named(fmt.Sprintf("%s: %s the %s %q", tabLabel, what, d.Type, d.Message)), fn))
}
