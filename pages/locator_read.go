package pages

import (
	_ "embed"
	"errors"
	"fmt"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/utils"

	"github.com/e2e-dev/e2e/internal/aria"
)

// visibleOnlyJS says whether the element is connected and visible.
//
//go:embed visible_only.js
var visibleOnlyJS string

// isVisible is a try for resolve that waits for the element to be visible.
func isVisible(el *rod.Element) error { return tryScript(el, visibleOnlyJS) }

// readJS, given read (a function), returns a function that runs read on the element with the
// arguments after the first, in the same call as the check that the element is still in the
// document and, when the first argument is true, visible: {reason} when it is not, else {value}
// with read's result (null for null and undefined, else a string).
//
//go:embed read.js
var readJS string

// reader returns readJS given fn, a function's source.
func reader(fn string) string { return "(" + readJS + ")(" + fn + ")" }

// read waits for l's one element (visible when visible is set) and returns what js, run on it,
// gives as a string, and false when that is null. The check and the read are one call.
func (l *Locator) read(what string, visible bool, js string, args ...any) (string, bool, error) {
	var out struct {
		Reason string  `json:"reason"`
		Value  *string `json:"value"`
	}
	fn := reader(js)
	err := l.tab.act(l.page, "read "+what+" of "+l.String(), func(p *rod.Page) error {
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

// InnerText returns the visible element's rendered text (innerText), trimmed.
func (l *Locator) InnerText() string {
	s, _, err := l.read("the text", true, `function () { return (this.innerText || this.textContent || "").trim() }`)
	l.tab.must(err)
	return s
}

// InnerHTML returns the element's inner HTML, visible or not.
func (l *Locator) InnerHTML() string {
	s, _, err := l.read("the HTML", false, `function () { return this.innerHTML }`)
	l.tab.must(err)
	return s
}

// AriaSnapshot returns the accessibility tree of l's one element as an ARIA snapshot in
// Playwright's YAML format, as Playwright's ariaSnapshot does: what ToMatchAriaSnapshot takes,
// to paste into a check or to print.
func (l *Locator) AriaSnapshot() string {
	var tree *aria.Node
	l.tab.must(l.tab.act(l.page, "read the ARIA snapshot of "+l.String(), func(p *rod.Page) error {
		_, err := l.resolve(p, "read", func(el *rod.Element) error {
			t, err := aria.Snapshot(p, el)
			tree = t
			return err
		})
		return err
	}))
	if tree == nil {
		return ""
	}
	return aria.Render(tree)
}

// GetAttribute returns the element's attribute name, visible or not, and whether it has it.
func (l *Locator) GetAttribute(name string) (string, bool) {
	s, ok, err := l.read(fmt.Sprintf("attribute %q", name), false, `function (n) { return this.getAttribute(n) }`, name)
	l.tab.must(err)
	return s, ok
}

// InputValue returns the value of an input, text area or select.
func (l *Locator) InputValue() string {
	s, _, err := l.read("the value", false, `function () { return this.value }`)
	l.tab.must(err)
	return s
}

// IsVisible reports at once, without waiting, whether l's one element is visible; false when
// nothing matches. Several matches fail the flow, as Playwright's strictness does.
func (l *Locator) IsVisible() bool {
	var visible bool
	l.tab.must(l.tab.read(l.page, func(p *rod.Page) error {
		el, n, err := l.one(p)
		switch {
		case err != nil:
			return err
		case n > 1:
			return l.strictError(p, n)
		case n == 1:
			err := isVisible(el)
			if err != nil && !errors.As(err, new(*notActionable)) {
				return err // no answer: not the same as hidden
			}
			visible = err == nil
		}
		return nil
	}))
	return visible
}

// IsChecked reports at once, without waiting, whether l's one element, a checkbox or radio
// (native or aria-checked), is checked. Nothing matching, several matches or another kind of
// element fail the flow. To wait for a state, use Expect(l).ToBeChecked.
func (l *Locator) IsChecked() bool {
	var checked bool
	l.tab.must(l.tab.read(l.page, func(p *rod.Page) error {
		el, err := l.now(p)
		if err == nil {
			checked, err = isChecked(el)
		}
		if errors.Is(err, errNotCheckable) {
			return fmt.Errorf("%s %w", l, err)
		}
		return err
	}))
	return checked
}

// IsEnabled reports at once, without waiting, whether l's one element is enabled (not disabled
// natively, by a disabled fieldset, or by aria-disabled). Nothing matching or several matches
// fail the flow. To wait for a state, use Expect(l).ToBeEnabled.
func (l *Locator) IsEnabled() bool {
	var enabled bool
	l.tab.must(l.tab.read(l.page, func(p *rod.Page) error {
		el, err := l.now(p)
		if err != nil {
			return err
		}
		res, err := el.Eval(probeJS, ask{})
		enabled = err == nil && res.Value.Get("enabled").Bool()
		return err
	}))
	return enabled
}

// now returns l's one element as the page is now: an error when none or several match.
func (l *Locator) now(p *rod.Page) (*rod.Element, error) {
	el, n, err := l.one(p)
	switch {
	case err != nil:
		return nil, err
	case n > 1:
		return nil, l.strictError(p, n)
	case n == 0:
		return nil, fmt.Errorf("%s not found", l)
	}
	return el, nil
}

// Count returns at once how many elements l matches.
func (l *Locator) Count() int {
	var n int
	l.tab.must(l.tab.read(l.page, func(p *rod.Page) (err error) {
		n, err = l.count(p)
		return err
	}))
	return n
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
func (l *Locator) WaitFor(state State) {
	l.tab.must(l.tab.act(l.page, fmt.Sprintf("wait for %s to be %s", l, state), func(p *rod.Page) error {
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
				if n == 0 {
					return true, nil
				}
				// Hidden when the page says so; a call that failed (out of time) says nothing.
				return state == Hidden && errors.As(isVisible(el), new(*notActionable)), nil
			})
			if err != nil && isTimeout(err) && l.tab.page.GetContext().Err() == nil {
				we := &waitError{page: l.page, what: fmt.Sprintf("%s still %s", l, map[State]string{Detached: "in the document", Hidden: "visible"}[state]), after: l.tab.timeout, err: err}
				if r := l.tab.lastResponse; r != nil {
					we.detail = "; after " + r.String()
				}
				return we
			}
			return err
		}
		return fmt.Errorf("unknown state %q (attached, detached, visible or hidden)", state)
	}))
}
