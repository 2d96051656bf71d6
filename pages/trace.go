package pages

import "github.com/go-rod/rod"

// Tracer records a flow's trace: it is told of each page action as the action begins and as
// it ends, on the flow's goroutine, and may capture the page then (see Session.Trace).
type Tracer interface {
	// ActionStarted is called before the action's first call to the page, and TargetFound
	// as it finds its element (once more when it finds it again); neither may wait for the
	// browser, but for the a11y audit, which runs axe on a page state it has not seen before the
	// action acts on it.
	ActionStarted()
	TargetFound(el *rod.Element)
	// ActionEnded is called once the action ended, passed or failed.
	ActionEnded(a TracedAction)
}

// AssertionTracer is a Tracer told apart when an assertion (an Expect, which reads the page and
// waits, but does not act on it) begins: AssertionStarted is called then, in place of
// ActionStarted.
type AssertionTracer interface {
	Tracer
	AssertionStarted()
}

// TracedAction is a page action that just ended.
type TracedAction struct {
	// Step is the action's index in the step log (steps.StepLog.Current), -1 when unknown.
	Step int
	// Target is the element the action looked for last.
	Target ActionTarget
	// Err is the action's failure, nil when it passed.
	Err error
}

// ActionTarget is the element an action looked for: its selector, and the element once found.
type ActionTarget struct {
	// Selector is the CSS selector looked for; empty when the action looked for none.
	Selector string
	// Element is the element found; nil when none was (yet).
	Element *rod.Element
}

// aim notes that the running action looks for sel, and found el (nil: not yet, or not found).
// Locators and other element finders call it so that a failing action's trace marks its target.
func (tab *Tab) aim(sel string, el *rod.Element) {
	if tab.target != nil {
		tab.target.Selector, tab.target.Element = sel, el
		if el != nil && tab.o.Trace != nil {
			tab.o.Trace.TargetFound(el)
		}
	}
}
