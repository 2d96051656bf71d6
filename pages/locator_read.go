package pages

import (
	_ "embed"
	"fmt"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/utils"
)

// visibleOnlyJS says whether the element is connected and visible.
//
//go:embed visible_only.js
var visibleOnlyJS string

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

// readJS, given read (a function), returns a function that runs read on the element with the
// arguments after the first, in the same call as the check that the element is still in the
// document and, when the first argument is true, visible: {reason} when it is not, else {value}
// with read's result (null for null and undefined, else a string).
//
//go:embed read.js
var readJS string

// reader returns readJS given fn, a function's source.
func reader(fn string) string { return "(" + readJS + ")(" + fn + ")" }

// attributeJS returns the element's attribute named by its argument, or null.
//
//go:embed attribute.js
var attributeJS string

// read waits for l's one element (visible when visible is set) and returns what js, run on it,
// gives as a string, and false when that is null. The check and the read are one call.
func (l *Locator) read(what string, visible bool, js string, args ...any) (string, bool, error) {
	var out struct {
		Reason string  `json:"reason"`
		Value  *string `json:"value"`
	}
	fn := reader(js)
	err := l.s.Action(l.page, "read "+what+" of "+l.String(), func(p *rod.Page) error {
		_, err := l.resolve(p, "read", func(el *rod.Element) error {
			res, err := el.Eval(fn, append([]any{visible}, args...)...)
			if err != nil {
				return err
			}
			out.Reason, out.Value = "", nil
			if err := res.Value.Unmarshal(&out); err != nil {
				return err
			}
			if out.Reason != "" {
				return &notActionable{reason: out.Reason}
			}
			return nil
		})
		return err
	})
	if out.Value == nil {
		return "", false, err
	}
	return *out.Value, true, err
}

// Text returns the visible element's rendered text (innerText), trimmed.
func (l *Locator) Text() (string, error) {
	s, _, err := l.read("the text", true, innerTextJS)
	return s, err
}

// InnerHTML returns the element's inner HTML, visible or not.
func (l *Locator) InnerHTML() (string, error) {
	s, _, err := l.read("the HTML", false, `function () { return this.innerHTML }`)
	return s, err
}

// Attribute returns the element's attribute name and whether it has it, visible or not.
func (l *Locator) Attribute(name string) (string, bool, error) {
	return l.read(fmt.Sprintf("attribute %q", name), false, attributeJS, name)
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
