package pages

import (
	"fmt"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/utils"
)

// visibleOnlyJS says whether the element is connected and visible.
const visibleOnlyJS = `function () {` + visibleJS + `
	if (!this.isConnected) return "detached from the document";
	return visible(this) ? "" : "not visible";
}`

// isVisible is a try for resolve that waits for the element to be visible.
func isVisible(el *rod.Element) error {
	res, err := el.Eval(visibleOnlyJS)
	if err != nil {
		return err
	}
	if r := res.Value.Str(); r != "" {
		return &notActionable{reason: r}
	}
	return nil
}

// read waits for l's one element (visible when visible is set) and returns what js, run on it,
// gives as a string.
func (l *Locator) read(what string, visible bool, js string, args ...any) (string, bool, error) {
	var out string
	var null bool
	err := l.s.Action(l.page, "read "+what+" of "+l.String(), func(p *rod.Page) error {
		try := isVisible
		if !visible {
			try = nil
		}
		el, err := l.resolve(p, "read", try)
		if err != nil {
			return err
		}
		res, err := el.Eval(js, args...)
		if err != nil {
			return err
		}
		null = res.Value.Nil()
		out = res.Value.Str()
		return nil
	})
	return out, !null, err
}

// Text returns the visible element's rendered text (innerText), trimmed.
func (l *Locator) Text() (string, error) {
	s, _, err := l.read("the text", true, `function () { return (this.innerText || this.textContent || "").trim() }`)
	return s, err
}

// InnerHTML returns the element's inner HTML, visible or not.
func (l *Locator) InnerHTML() (string, error) {
	s, _, err := l.read("the HTML", false, `function () { return this.innerHTML }`)
	return s, err
}

// Attribute returns the element's attribute name and whether it has it, visible or not.
func (l *Locator) Attribute(name string) (string, bool, error) {
	return l.read(fmt.Sprintf("attribute %q", name), false, `function (n) { return this.getAttribute(n) }`, name)
}

// InputValue returns the value of an input, text area or select.
func (l *Locator) InputValue() (string, error) {
	s, _, err := l.read("the value", false, `function () { return this.value }`)
	return s, err
}

// IsVisible reports at once, without waiting, whether l's one element is visible; false when
// nothing matches. Several matches are an error.
func (l *Locator) IsVisible() (bool, error) {
	p := l.s.Page.Timeout(l.s.Timeout)
	defer p.CancelTimeout()
	el, n, err := l.one(p)
	switch {
	case err != nil:
		return false, l.s.explain(l.page, err)
	case n > 1:
		return false, fmt.Errorf("%s: %w", l.page, l.strictError(p, n))
	case n == 0:
		return false, nil
	}
	return isVisible(el) == nil, nil
}

// Count returns at once how many elements l matches.
func (l *Locator) Count() (int, error) {
	p := l.s.Page.Timeout(l.s.Timeout)
	defer p.CancelTimeout()
	n, err := l.count(p)
	return n, l.s.explain(l.page, err)
}

// State is what WaitFor waits for.
type State string

// The states WaitFor waits for.
const (
	Attached State = "attached" // in the document, visible or not
	Detached State = "detached" // not in the document
	Visible  State = "visible"  // in the document and visible
	Hidden   State = "hidden"   // not in the document, or not visible
)

// WaitFor waits until l's element is in state (several matches are an error for Attached and
// Visible).
func (l *Locator) WaitFor(state State) error {
	return l.s.Action(l.page, fmt.Sprintf("wait for %s to be %s", l, state), func(p *rod.Page) error {
		switch state {
		case Attached:
			_, err := l.resolve(p, "found", nil)
			return err
		case Visible:
			_, err := l.resolve(p, "seen", isVisible)
			return err
		case Detached, Hidden:
			err := utils.Retry(p.GetContext(), FastSleeper(), func() (bool, error) {
				el, n, err := l.one(p)
				if err != nil || n > 1 {
					return false, nil
				}
				return n == 0 || (state == Hidden && isVisible(el) != nil), nil
			})
			if err != nil && isTimeout(err) && l.s.Page.GetContext().Err() == nil {
				we := &waitError{page: l.page, what: fmt.Sprintf("%s still %s", l, map[State]string{Detached: "in the document", Hidden: "visible"}[state]), after: l.s.Timeout, err: err}
				if r := l.s.lastResponse; r != nil {
					we.detail = "; after " + r.String()
				}
				return we
			}
			return err
		}
		return fmt.Errorf("unknown state %q (attached, detached, visible or hidden)", state)
	})
}
