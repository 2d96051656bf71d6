package pages

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/utils"

	"github.com/e2e-dev/e2e/browser"
)

// LocatorAssertions are web-first assertions on a locator: each polls the page until it holds
// or the action timeout ends, then fails the flow with one line: what was expected, the last
// value seen, and how long it was polled.
type LocatorAssertions struct {
	l   *Locator
	not bool
}

// Expect returns the assertions on l, which fail the flow of l's tab (a flow writes
// f.Expect(l)): pages.Expect(shop.Cart(tab).Total).ToHaveText("€12").
func Expect(l *Locator) *LocatorAssertions { return &LocatorAssertions{l: l} }

// Not returns the negated assertions: each waits until its condition does not hold.
func (a *LocatorAssertions) Not() *LocatorAssertions {
	c := *a
	c.not = !a.not
	return &c
}

// probeJS reads, in one call, everything an assertion on an element may look at.
//
//go:embed probe.js
var probeJS string

// probe is what probeJS read.
type probe struct {
	n                         int // how many elements matched
	text, value, className    string
	visible, enabled, checked bool
	el                        *rod.Element
}

// check polls until holds(probe) differs from a.not, and fails through t otherwise. want reads
// "to have text \"Saved\""; seen says what a probe showed. needOne is false for assertions
// that look at every match (count, hidden).
func (a *LocatorAssertions) check(want string, needOne bool, holds func(p *probe) bool, seen func(p *probe) string) {
	l, s := a.l, a.l.tab
	if a.not {
		want = "not " + want
	}
	var last string
	s.must(s.steps.Do(l.page+": expect "+l.String()+" "+want, func() error {
		return s.traced(func() error {
			p := s.page.Timeout(s.timeout)
			defer p.CancelTimeout()
			last = "nothing matching"
			observed := false
			var failNow error
			err := utils.Retry(p.GetContext(), FastSleeper(), func() (bool, error) {
				pr, err := l.probe(p)
				if errors.As(err, new(*badLocator)) {
					failNow = err
					return true, nil
				}
				if err != nil {
					return false, nil
				}
				if pr.n > 1 && needOne {
					failNow = l.strictError(p, pr.n)
					return true, nil
				}
				ok := holds(pr)
				observed = true
				if pr.n == 1 || !needOne {
					last = seen(pr)
				} else {
					last = "nothing matching"
				}
				return ok != a.not, nil
			})
			if err != nil && !observed && s.page.GetContext().Err() == nil {
				// A busy machine may not have answered one probe in time: look once more, so
				// that "last seen" is something seen.
				late := s.page.Timeout(closestTimeout)
				if pr, perr := l.probe(late); perr == nil && (pr.n == 1 || !needOne) {
					holds(pr)
					last = seen(pr)
				}
				late.CancelTimeout()
			}
			if failNow != nil {
				return fmt.Errorf("%s: %w", l.page, failNow)
			}
			if err != nil && s.page.GetContext().Err() != nil {
				return s.explain(l.page, err)
			}
			if err != nil {
				msg := fmt.Sprintf("%s: expected %s %s, last seen %s (polled %s)", l.page, l, want, last, s.timeout)
				return fmt.Errorf("%s%s", msg, s.failureEvidence())
			}
			return nil
		})
	}))
}

// failureEvidence is what a failed assertion adds: the response the last ExpectResponse saw,
// and where the screenshot taken now is.
func (tab *Tab) failureEvidence() string {
	var out string
	if r := tab.lastResponse; r != nil {
		out += "; after " + r.String()
	}
	if tab.o.SaveScreenshot != nil {
		p := tab.page.Timeout(closestTimeout)
		defer p.CancelTimeout()
		if shot, err := browser.FullPageScreenshot(p); err == nil {
			if path, err := tab.o.SaveScreenshot(shot); err == nil {
				out += "; screenshot: " + path
			}
		}
	}
	return out
}

// probe reads l's one element (or just the count when several or none match).
func (l *Locator) probe(p *rod.Page) (*probe, error) {
	el, n, err := l.one(p)
	if err != nil || n != 1 {
		return &probe{n: n}, err
	}
	if t := l.tab.target; t != nil && t.Element == nil {
		l.tab.aim(l.String(), el) // the first element seen: the trace marks it if the check fails
	}
	res, err := el.Eval(probeJS)
	if err != nil {
		return nil, err
	}
	v := res.Value
	return &probe{
		n: 1, el: el,
		text: v.Get("text").Str(), value: v.Get("value").Str(), className: v.Get("className").Str(),
		visible: v.Get("visible").Bool(), enabled: v.Get("enabled").Bool(), checked: v.Get("checked").Bool(),
	}, nil
}

func quoted(s string) string { return fmt.Sprintf("%q", s) }

// ToHaveText expects the element's text (whitespace collapsed) to be text.
func (a *LocatorAssertions) ToHaveText(text string) {
	want := strings.Join(strings.Fields(text), " ")
	a.check("to have text "+quoted(want), true, func(p *probe) bool { return p.n == 1 && p.text == want },
		func(p *probe) string { return quoted(p.text) })
}

// ToContainText expects the element's text to contain text.
func (a *LocatorAssertions) ToContainText(text string) {
	a.check("to contain text "+quoted(text), true, func(p *probe) bool { return p.n == 1 && strings.Contains(p.text, text) },
		func(p *probe) string { return quoted(p.text) })
}

// ToHaveTextMatching expects the element's text to match re.
func (a *LocatorAssertions) ToHaveTextMatching(re *regexp.Regexp) {
	a.check("to have text matching /"+re.String()+"/", true, func(p *probe) bool { return p.n == 1 && re.MatchString(p.text) },
		func(p *probe) string { return quoted(p.text) })
}

// ToHaveValue expects an input's, text area's or select's value to be value.
func (a *LocatorAssertions) ToHaveValue(value string) {
	a.check("to have value "+quoted(value), true, func(p *probe) bool { return p.n == 1 && p.value == value },
		func(p *probe) string { return quoted(p.value) })
}

// state names a boolean state as a probe saw it.
func state(p *probe, yes bool, on, off string) string {
	if p.n != 1 {
		return "nothing matching"
	}
	if yes {
		return on
	}
	return off
}

// ToBeVisible expects the element to be visible.
func (a *LocatorAssertions) ToBeVisible() {
	a.check("to be visible", true, func(p *probe) bool { return p.n == 1 && p.visible },
		func(p *probe) string { return state(p, p.visible, "visible", "hidden") })
}

// ToBeHidden expects the element to be hidden or not in the document.
func (a *LocatorAssertions) ToBeHidden() {
	a.check("to be hidden", true, func(p *probe) bool { return p.n == 0 || !p.visible },
		func(p *probe) string { return state(p, p.visible, "visible", "hidden") })
}

// ToBeEnabled expects the element to be enabled.
func (a *LocatorAssertions) ToBeEnabled() {
	a.check("to be enabled", true, func(p *probe) bool { return p.n == 1 && p.enabled },
		func(p *probe) string { return state(p, p.enabled, "enabled", "disabled") })
}

// ToBeDisabled expects the element to be disabled (natively, by a disabled fieldset, or by
// aria-disabled).
func (a *LocatorAssertions) ToBeDisabled() {
	a.check("to be disabled", true, func(p *probe) bool { return p.n == 1 && !p.enabled },
		func(p *probe) string { return state(p, p.enabled, "enabled", "disabled") })
}

// ToBeChecked expects a checkbox or radio (native or aria-checked) to be checked.
func (a *LocatorAssertions) ToBeChecked() {
	a.check("to be checked", true, func(p *probe) bool { return p.n == 1 && p.checked },
		func(p *probe) string { return state(p, p.checked, "checked", "unchecked") })
}

// ToHaveCount expects l to match n elements.
func (a *LocatorAssertions) ToHaveCount(n int) {
	a.check(fmt.Sprintf("to have count %d", n), false, func(p *probe) bool { return p.n == n },
		func(p *probe) string { return fmt.Sprint(p.n) })
}

// ToHaveClass expects the element's class list to hold class.
func (a *LocatorAssertions) ToHaveClass(class string) {
	a.check("to have class "+quoted(class), true, func(p *probe) bool { return p.n == 1 && hasClass(p.className, class) },
		func(p *probe) string { return "class " + quoted(p.className) })
}

func hasClass(list, class string) bool {
	for _, c := range strings.Fields(list) {
		if c == class {
			return true
		}
	}
	return false
}

// ToHaveAttribute expects the element's attribute name to be value.
func (a *LocatorAssertions) ToHaveAttribute(name, value string) {
	var got string
	var has bool
	a.check(fmt.Sprintf("to have attribute %s=%q", name, value), true, func(p *probe) bool {
		if p.n != 1 {
			return false
		}
		res, err := p.el.Eval(attributeJS, name)
		if err != nil {
			return false
		}
		got, has = res.Value.Str(), !res.Value.Nil()
		return has && got == value
	}, func(p *probe) string {
		switch {
		case p.n != 1:
			return "nothing matching"
		case !has:
			return "no " + name
		}
		return fmt.Sprintf("%s=%q", name, got)
	})
}
