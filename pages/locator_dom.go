package pages

import (
	_ "embed"
	"fmt"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// The actions that call the element itself rather than go through the mouse or keyboard.

// call waits until l matches one element, visible or not, and runs js (a function) on it.
func (l *Locator) call(p *rod.Page, participle, js string, args ...any) error {
	_, err := l.resolve(p, participle, func(el *rod.Element) error {
		_, err := el.Eval(js, args...)
		return err
	})
	return err
}

// Focus focuses the element, visible or not, as its focus() does; an element that cannot take
// the focus does not.
func (l *Locator) Focus() {
	l.do("focus", func(p *rod.Page) error { return l.call(p, "focused", `function () { this.focus() }`) })
}

// Blur takes the focus away from the element, as its blur() does.
func (l *Locator) Blur() {
	l.do("blur", func(p *rod.Page) error { return l.call(p, "blurred", `function () { this.blur() }`) })
}

// dispatchEventJS dispatches an event of a type and init: the event class its type calls for
// (a CustomEvent for another type with a detail), bubbling, cancelable and composed unless init
// says otherwise. A drag event's dataTransfer is made from a map of formats to data; a touch
// event's touches from plain objects.
//
//go:embed dispatch_event.js
var dispatchEventJS string

// DispatchEvent dispatches the event eventType on the element, visible or not, as the page's
// own code would: DispatchEvent("click", nil) fires a click without the mouse. init holds the
// event's properties ({"key": "Enter"}, {"dataTransfer": {"text/plain": "x"}}); the event is
// of the class its type calls for (MouseEvent, KeyboardEvent, DragEvent, ...), a CustomEvent for
// another type given a "detail", and bubbles, is cancelable and composed unless init says
// otherwise.
func (l *Locator) DispatchEvent(eventType string, init map[string]any) {
	if init == nil {
		init = map[string]any{}
	}
	l.do(fmt.Sprintf("dispatch %q on", eventType), func(p *rod.Page) error {
		return l.call(p, "given the event", dispatchEventJS, eventType, init)
	})
}

// ScrollIntoViewIfNeeded waits until the element is visible and scrolls it into view, unless
// it is in view already.
func (l *Locator) ScrollIntoViewIfNeeded() {
	l.do("scroll into view", func(p *rod.Page) error {
		el, err := l.resolve(p, "scrolled into view", isVisible)
		if err != nil {
			return err
		}
		return proto.DOMScrollIntoViewIfNeeded{ObjectID: el.Object.ObjectID}.Call(p)
	})
}
