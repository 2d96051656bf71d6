package pages

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/go-rod/rod/lib/utils"

	"github.com/e2e-dev/e2e/browser"
)

// LocatorAssertions are web-first assertions on a locator: each polls the page until it holds
// or the action timeout (or Within's) ends, then fails the flow with one line: what was
// expected, the last value seen, and how long it was polled.
type LocatorAssertions struct {
	l       *Locator
	not     bool
	timeout time.Duration // Within's; 0: the tab's action timeout
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

// probeJS reads, in one call, everything an assertion on an element may look at; what costs
// more (an attribute, a computed style, a property, the viewport ratio) only when asked.
//
//go:embed probe.js
var probeJS string

// locateProbeJS, given the query and probe scripts, runs a locator's query and probes what it
// found in the same call: every match for a list assertion, else the one match, or only counts.
//
//go:embed locate_probe.js
var locateProbeJS string

// ask says what a probe reads besides an element's usual state.
type ask struct {
	All      bool   `json:"all,omitempty"`   // every match (list assertions), with no strictness
	Count    bool   `json:"count,omitempty"` // only how many match
	Attr     string `json:"attr,omitempty"`
	CSS      string `json:"css,omitempty"`
	Prop     string `json:"prop,omitempty"` // a JavaScript property, dotted for a path
	Viewport bool   `json:"viewport,omitempty"`
	ErrorMsg bool   `json:"errorMessage,omitempty"` // the accessible error message
	Values   bool   `json:"values,omitempty"`       // a multiple select's selected values
	ax       bool   // the role and accessible name, from the accessibility tree (one more call)
}

// probe is what a poll saw: how many elements matched and, when one did, its state.
type probe struct {
	n   int
	el  elementState   // the one match's; zero unless n == 1
	all []elementState // every match's, for list assertions
}

// elementState is one element as probeJS read it.
type elementState struct {
	Text      string   `json:"text"`
	Value     string   `json:"value"`
	Visible   bool     `json:"visible"`
	Enabled   bool     `json:"enabled"`
	Checked   bool     `json:"checked"`
	ClassName string   `json:"className"`
	ID        string   `json:"id"`
	Focused   bool     `json:"focused"`
	Focus     string   `json:"focus"`    // what has the focus in the element's document
	Editable  string   `json:"editable"` // "editable", or why not
	Content   string   `json:"content"`  // a field's value, else the trimmed text content
	Secret    bool     `json:"secret"`   // a secret field (secretField): its value is never shown
	Attr      *string  `json:"attr"`
	CSS       string   `json:"css"`
	Prop      string   `json:"prop"` // as JSON
	Ratio     float64  `json:"ratio"`
	ErrorMsg  string   `json:"errorMessage"`
	Values    []string `json:"values"` // nil but for a multiple select

	role, name, description string // from the accessibility tree
}

// check polls until holds(probe) differs from a.not, and fails the flow otherwise. want reads
// "to have text \"Saved\""; seen says what a probe showed. Assertions on one element fail at
// once when several match.
func (a *LocatorAssertions) check(want string, q ask, holds func(p *probe) bool, seen func(p *probe) string) {
	l, s := a.l, a.l.tab
	if a.not {
		want = "not " + want
	}
	needOne := !q.All && !q.Count
	timeout := a.wait()
	var last string
	s.must(s.steps.Do(s.named(l.page+": expect "+l.String()+" "+want), func() error {
		return s.tracedAssertion(func() error {
			p := s.page.Timeout(timeout)
			defer p.CancelTimeout()
			last = "nothing matching"
			observed := false
			var failNow error
			err := utils.Retry(p.GetContext(), FastSleeper(), func() (bool, error) {
				pr, err := l.probe(p, q)
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
				// that "last seen" is something seen, and what holds then passes.
				late := s.page.Timeout(closestTimeout)
				pr, perr := l.probe(late, q)
				late.CancelTimeout()
				if perr == nil && (pr.n == 1 || !needOne) {
					if holds(pr) != a.not {
						return nil
					}
					last = seen(pr)
				}
			}
			if failNow != nil {
				return fmt.Errorf("%s: %w", l.page, failNow)
			}
			if err != nil && s.page.GetContext().Err() != nil {
				return polledFor(s.explain(l.page, err), timeout)
			}
			if err != nil {
				msg := fmt.Sprintf("%s: expected %s %s, last seen %s (polled %s)", l.page, l, want, last, timeout)
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

// probe runs l's query and reads what q asks of what it found, in one call (two with q.ax, and
// the first time with a trace: see aimed).
func (l *Locator) probe(p *rod.Page, q ask) (*probe, error) {
	if q.ax {
		return l.probeAX(p)
	}
	if t := l.tab.target; t != nil && t.Element == nil && !q.All && !q.Count {
		return l.aimed(p, q)
	}
	steps, gen, args, err := l.prepare(p)
	if err != nil {
		return nil, err
	}
	defer l.release(p, steps, gen)
	res, err := p.Eval(locateProbeJS, append([]any{q, steps, gen}, args...)...)
	if err != nil {
		return nil, l.queryError(err)
	}
	var out struct {
		N   int            `json:"n"`
		One elementState   `json:"one"`
		All []elementState `json:"all"`
	}
	if err := res.Value.Unmarshal(&out); err != nil {
		return nil, err
	}
	return &probe{n: out.N, el: out.One, all: out.All}, nil
}

// aimed is probe for a trace that has no target yet: it looks l's one element up by object, so
// that the trace marks the first element seen if the check fails, then probes it.
func (l *Locator) aimed(p *rod.Page, q ask) (*probe, error) {
	el, n, err := l.one(p)
	if err != nil || n != 1 {
		return &probe{n: n}, err
	}
	l.tab.aim(l.String(), el)
	res, err := el.Eval(probeJS, q)
	if err != nil {
		return nil, err
	}
	pr := &probe{n: 1}
	return pr, res.Value.Unmarshal(&pr.el)
}

// probeAX reads the role, accessible name and description of l's one element from the
// accessibility tree, as GetByRole sees them.
func (l *Locator) probeAX(p *rod.Page) (*probe, error) {
	el, n, err := l.one(p)
	if err != nil || n != 1 {
		return &probe{n: n}, err
	}
	if t := l.tab.target; t != nil && t.Element == nil {
		l.tab.aim(l.String(), el) // the first element seen: the trace marks it if the check fails
	}
	ax, err := proto.AccessibilityGetPartialAXTree{ObjectID: el.Object.ObjectID}.Call(p)
	if err != nil {
		return nil, err
	}
	pr := &probe{n: 1}
	if len(ax.Nodes) > 0 {
		node := ax.Nodes[0]
		pr.el.role = ariaRole(axString(node.Role))
		if !node.Ignored {
			pr.el.name, pr.el.description = normalize(axString(node.Name)), normalize(axString(node.Description))
		}
	}
	return pr, nil
}

func quoted(s string) string { return fmt.Sprintf("%q", s) }

// quotedList is ["a", "b"].
func quotedList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = quoted(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// normalize collapses and trims whitespace, as every text comparison does.
func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }
