package pages

import (
	"fmt"
	"slices"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/ysmood/gson"
)

// Mouse is a tab's mouse, as Playwright's page.mouse: its events go to the point of the viewport
// given, in CSS pixels, whatever is there, with no element to wait for. A locator's Click,
// Hover and DragTo are the usual way to point; this is for canvases, maps and drawing. The
// modifiers Keyboard().Down holds go with each event. Each call is a step of the tab's step log
// and an action of its trace.
//
//	m := f.Tab.Mouse()
//	m.Move(100, 100)
//	m.Down()
//	m.Move(200, 150)
//	m.Up()
type Mouse struct{ tab *Tab }

// MouseOptions are the options of a mouse button's press (Click, Down, Up).
type MouseOptions struct {
	// Button is "left" (also ""), "right" or "middle".
	Button string
	// ClickCount is the click's count as the page's events tell it (event.detail); 0 means 1.
	ClickCount int
}

// Mouse returns the tab's mouse.
func (tab *Tab) Mouse() *Mouse { return &Mouse{tab: tab} }

// Move moves the mouse to (x, y) of the viewport.
func (m *Mouse) Move(x, y float64) {
	m.do(fmt.Sprintf("move to (%g, %g)", x, y), func(p *rod.Page) error {
		return m.send(p, proto.InputDispatchMouseEventTypeMouseMoved, x, y, "", 0)
	})
}

// Click moves the mouse to (x, y) of the viewport and presses and releases the button there
// (o.ClickCount times, each press released before the next).
func (m *Mouse) Click(x, y float64, o ...MouseOptions) {
	opt, btn, err := mouseOptions(o)
	if err != nil {
		m.tab.must(fmt.Errorf("%s: mouse click: %w", tabLabel, err))
	}
	what := fmt.Sprintf("click at (%g, %g)", x, y)
	if opt.Button != "" && opt.Button != "left" {
		what = fmt.Sprintf("%s click at (%g, %g)", opt.Button, x, y)
	}
	m.do(what, func(p *rod.Page) error {
		if err := m.send(p, proto.InputDispatchMouseEventTypeMouseMoved, x, y, "", 0); err != nil {
			return err
		}
		for n := 1; n <= max(opt.ClickCount, 1); n++ {
			if err := m.send(p, proto.InputDispatchMouseEventTypeMousePressed, x, y, btn, n); err != nil {
				return err
			}
			if err := m.send(p, proto.InputDispatchMouseEventTypeMouseReleased, x, y, btn, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// Down presses the button where the mouse is and holds it until Up.
func (m *Mouse) Down(o ...MouseOptions) {
	m.button("down", proto.InputDispatchMouseEventTypeMousePressed, o)
}

// Up releases the button where the mouse is.
func (m *Mouse) Up(o ...MouseOptions) {
	m.button("up", proto.InputDispatchMouseEventTypeMouseReleased, o)
}

func (m *Mouse) button(what string, t proto.InputDispatchMouseEventType, o []MouseOptions) {
	opt, btn, err := mouseOptions(o)
	if err != nil {
		m.tab.must(fmt.Errorf("%s: mouse %s: %w", tabLabel, what, err))
	}
	if opt.Button != "" {
		what = opt.Button + " " + what
	}
	m.do(what, func(p *rod.Page) error {
		in := &m.tab.input
		return m.send(p, t, in.x, in.y, btn, max(opt.ClickCount, 1))
	})
}

// Wheel turns the mouse wheel by (dx, dy) CSS pixels where the mouse is: the page scrolls as
// the element under the mouse lets it.
func (m *Mouse) Wheel(dx, dy float64) {
	m.do(fmt.Sprintf("wheel by (%g, %g)", dx, dy), func(p *rod.Page) error {
		in := &m.tab.input
		return delivered(p, proto.InputDispatchMouseEvent{Type: proto.InputDispatchMouseEventTypeMouseWheel, X: in.x, Y: in.y,
			Modifiers: in.mods, Buttons: gson.Int(in.buttons), DeltaX: dx, DeltaY: dy}.Call(p))
	})
}

// mouseButtons are the buttons MouseOptions.Button names, with their bit in Buttons.
var mouseButtons = map[string]struct {
	b   proto.InputMouseButton
	bit int
}{
	"": {proto.InputMouseButtonLeft, 1}, "left": {proto.InputMouseButtonLeft, 1},
	"right": {proto.InputMouseButtonRight, 2}, "middle": {proto.InputMouseButtonMiddle, 4},
}

func mouseOptions(o []MouseOptions) (MouseOptions, proto.InputMouseButton, error) {
	var opt MouseOptions
	if len(o) > 0 {
		opt = o[0]
	}
	b, ok := mouseButtons[opt.Button]
	if !ok {
		return opt, "", fmt.Errorf(`unknown button %q: "left", "right" or "middle"`, opt.Button)
	}
	return opt, b.b, nil
}

// send sends one mouse event at (x, y), of button btn ("" for a move) with the click count n,
// and keeps where the mouse is and which buttons it holds.
func (m *Mouse) send(p *rod.Page, t proto.InputDispatchMouseEventType, x, y float64, btn proto.InputMouseButton, n int) error {
	in := &m.tab.input
	buttons := in.buttons
	bit := 0
	for _, b := range mouseButtons {
		if b.b == btn {
			bit = b.bit
		}
	}
	switch t {
	case proto.InputDispatchMouseEventTypeMousePressed:
		buttons |= bit
	case proto.InputDispatchMouseEventTypeMouseReleased:
		buttons &^= bit
	case proto.InputDispatchMouseEventTypeMouseMoved:
		if len(in.held) > 0 {
			btn = in.held[0] // a move while a button is held: a drag of that button
		} else {
			btn = proto.InputMouseButtonNone
		}
	}
	err := proto.InputDispatchMouseEvent{Type: t, X: x, Y: y, Modifiers: in.mods, Button: btn,
		Buttons: gson.Int(buttons), ClickCount: n}.Call(p)
	if err = delivered(p, err); err != nil {
		return err
	}
	in.x, in.y, in.buttons = x, y, buttons
	switch t {
	case proto.InputDispatchMouseEventTypeMousePressed:
		in.held = append(in.held, btn)
	case proto.InputDispatchMouseEventTypeMouseReleased:
		if i := slices.Index(in.held, btn); i >= 0 {
			in.held = slices.Delete(in.held, i, i+1)
		}
	}
	return nil
}

// do runs fn as the step "page: mouse <what>".
func (m *Mouse) do(what string, fn func(p *rod.Page) error) {
	m.tab.must(m.tab.act(tabLabel, "mouse "+what, fn))
}
