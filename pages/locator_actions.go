package pages

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// closestTimeout bounds each look a failure takes after the action's time is out: the last
// look at the element, the accessibility tree for "closest", the matches a strictness error
// names, a failed assertion's screenshot. Generous, for a busy machine; it is spent only when
// the page answers slowly.
const closestTimeout = 5 * time.Second

// do runs an action on l as the step "<page>: <verb> <locator>", and fails the flow when it
// fails. It clears the response an earlier ExpectResponse saw (its story ends with the next
// action).
func (l *Locator) do(verb string, fn func(p *rod.Page) error) {
	l.tab.lastResponse = nil
	l.tab.must(l.tab.act(l.page, verb+" "+l.String(), fn))
}

// clickable waits until l's one element can be clicked, and returns it with the point to click.
func (l *Locator) clickable(p *rod.Page, participle string) (*rod.Element, proto.Point, error) {
	var pt proto.Point
	el, err := l.resolve(p, participle, func(el *rod.Element) (err error) {
		pt, err = clickPoint(el)
		return err
	})
	return el, pt, err
}

// Click clicks the element once it is visible, enabled, still and not covered.
func (l *Locator) Click() {
	l.do("click", func(p *rod.Page) error {
		el, pt, err := l.clickable(p, "clicked")
		if err != nil {
			return err
		}
		return mouseClick(el.Page(), pt)
	})
}

// ClickToNavigate clicks the element and waits until the document it leads to has loaded: for
// links and form submits.
func (l *Locator) ClickToNavigate() {
	l.tab.lastResponse = nil
	l.tab.must(l.tab.act(l.page, "click "+l.String()+" and wait for the next page", func(p *rod.Page) error {
		el, pt, err := l.clickable(p, "clicked")
		if err != nil {
			return err
		}
		wait := waitNewDocument(p)
		if err := mouseClick(el.Page(), pt); err != nil {
			return err
		}
		return l.tab.noNextPage(p, l.page, l.String(), wait())
	}))
}

// navigation is how far a navigation got.
type navigation int

// How far a navigation got: none started, a request sent (no answer yet), a document committed
// (loading), its DOMContentLoaded fired.
const (
	navNone navigation = iota
	navRequested
	navCommitted
	navLoaded
)

// waitNewDocument returns a function that waits until a new document has committed in p's top
// frame and fired DOMContentLoaded, or p's context ends, and says how far it got. The lifecycle
// events it waits for are on from the tab's start (see followLifecycle).
func waitNewDocument(p *rod.Page) func() navigation {
	var (
		loader proto.NetworkLoaderID
		state  navigation
	)
	wait := p.EachEvent(func(e *proto.PageFrameStartedLoading) {
		if e.FrameID == p.FrameID && state == navNone {
			state = navRequested
		}
	}, func(e *proto.PageFrameNavigated) {
		if e.Frame.ParentID == "" {
			loader, state = e.Frame.LoaderID, navCommitted
		}
	}, func(e *proto.PageLifecycleEvent) bool {
		if loader != "" && e.LoaderID == loader && e.Name == proto.PageLifecycleEventNameDOMContentLoaded {
			state = navLoaded
			return true
		}
		return false
	})
	return func() navigation {
		wait()
		return state
	}
}

// browserProbe bounds the question browserAnswers asks.
const browserProbe = 2 * time.Second

// browserAnswers reports whether p's browser answers at once: a navigation that timed out is
// then the app's doing (or the page's), not a frozen browser's. It is asked once the action's
// time is out, within browserProbe of its own, and only while flow (the flow's own context) is
// not done.
func browserAnswers(p *rod.Page, flow context.Context) bool {
	if flow.Err() != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(flow, browserProbe)
	defer cancel()
	_, err := proto.BrowserGetVersion{}.Call(p.Browser().Context(ctx))
	return err == nil
}

// noNextPage returns nil when the navigation after clicking target (a link or a submit) loaded a
// page, else what happened as a waitError: the app gave no answer to the request, the page it
// sent did not finish loading, or no page was asked for at all. explain says "flow stopped"
// instead when the flow's own time ran out.
func (tab *Tab) noNextPage(p *rod.Page, page, target string, got navigation) error {
	err := p.GetContext().Err()
	if got == navLoaded || err == nil {
		return nil
	}
	we := &waitError{page: page, what: "no page loaded after clicking " + target, after: tab.timeout, err: err}
	switch {
	case !browserAnswers(p, tab.page.GetContext()): // a frozen browser: its liveness probe says so
	case got == navRequested:
		we.what = "clicked " + target + ": no answer from the app"
	case got == navCommitted:
		we.what = "clicked " + target + ": the next page did not finish loading"
	}
	return we
}

// Hover moves the mouse over the element once it is visible, still and not covered.
func (l *Locator) Hover() {
	l.do("hover", func(p *rod.Page) error {
		el, pt, err := l.clickable(p, "hovered")
		if err != nil {
			return err
		}
		return el.Page().Mouse.MoveTo(pt)
	})
}

// Fill replaces the field's value with value, typed as text (the page sees the input events a
// user's typing fires). The step log shows the value unless the field's locator text is one the
// session's SensitiveField names; use FillSecret for passwords.
func (l *Locator) Fill(value string) {
	shown := fmt.Sprintf("%q", value)
	if l.tab.o.SensitiveField != nil && l.tab.o.SensitiveField(l.key()) {
		shown = `"***"`
	}
	l.fill(value, shown)
}

// FillSecret is Fill with the value shown as *** in the step log, and masked in every artifact.
func (l *Locator) FillSecret(value string) {
	if l.tab.o.Secret != nil && value != "" {
		l.tab.o.Secret(value)
	}
	l.fill(value, `"***"`)
}

// Clear empties the field.
func (l *Locator) Clear() { l.fill("", `""`) }

func (l *Locator) fill(value, shown string) {
	verb := "fill"
	if value == "" {
		verb = "clear"
	}
	l.tab.lastResponse = nil
	l.tab.must(l.tab.act(l.page, verb+" "+l.String()+withValue(value, shown), func(p *rod.Page) error {
		secret := false
		el, err := l.resolve(p, "filled", func(el *rod.Element) (err error) {
			secret, err = focusForInput(el)
			return err
		})
		if err != nil {
			return err
		}
		if secret && l.tab.o.Secret != nil && value != "" {
			l.tab.o.Secret(value) // a password field's value, whatever its label
		}
		return typeValue(el.Page(), value)
	}))
}

func withValue(value, shown string) string {
	if value == "" {
		return ""
	}
	return " with " + shown
}

// key is the text a locator's first step looks for: what SensitiveField is asked about.
func (l *Locator) key() string {
	st := l.steps[len(l.steps)-1]
	for i := len(l.steps) - 1; i >= 0; i-- {
		if !narrows(l.steps[i].Kind) {
			st = l.steps[i]
			break
		}
	}
	switch {
	case st.Match != nil:
		return st.Match.Text
	case st.name != nil:
		return st.name.Text
	}
	return st.Arg
}

// checkedJS reports a checkbox's or radio's state: native, or aria-checked.
//
//go:embed checked.js
var checkedJS string

// errNotCheckable is the error of a checked state asked of an element that has none.
var errNotCheckable = errors.New("is not a checkbox or radio")

func isChecked(el *rod.Element) (bool, error) {
	res, err := el.Eval(checkedJS)
	if err != nil {
		return false, err
	}
	if res.Value.Nil() {
		return false, errNotCheckable
	}
	return res.Value.Bool(), nil
}

// Check checks a checkbox or radio (by clicking it, as a user would) unless it is checked.
func (l *Locator) Check() { l.setChecked(true) }

// Uncheck unchecks a checkbox unless it is unchecked.
func (l *Locator) Uncheck() { l.setChecked(false) }

func (l *Locator) setChecked(want bool) {
	verb := map[bool]string{true: "check", false: "uncheck"}[want]
	l.do(verb, func(p *rod.Page) error {
		el, pt, err := l.clickable(p, verb+"ed")
		if err != nil {
			return err
		}
		got, err := isChecked(el)
		if errors.Is(err, errNotCheckable) {
			return fmt.Errorf("%s %w", l, err)
		}
		if err != nil || got == want {
			return err
		}
		if err := mouseClick(el.Page(), pt); err != nil {
			return err
		}
		// The click's effect may land after the input event is acknowledged (an app that sets
		// aria-checked in a handler, a renderer under load): wait for it within the action's time.
		if err := el.Wait(rod.Eval(`function (want) { return (`+checkedJS+`).call(this) === want }`, want)); err != nil {
			if isTimeout(err) {
				return fmt.Errorf("%s did not become %sed when clicked", l, verb)
			}
			return err
		}
		return nil
	})
}

// selectOptionJS selects the options whose value or label is among values, firing input and change
// as a user's choice does; it resolves with why it cannot yet when it cannot.
//
//go:embed select_option.js
var selectOptionJS string

// SelectOption selects the options of a <select> whose value or label is among values (all of
// them on a multiple select), once the options are there.
func (l *Locator) SelectOption(values ...string) {
	l.do(fmt.Sprintf("select %q in", values), func(p *rod.Page) error {
		_, err := l.resolve(p, "selected", func(el *rod.Element) error { return tryScript(el, selectOptionJS, values) })
		return err
	})
}
