package pages

import (
	_ "embed"
	"errors"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/ysmood/gson"
)

// Dblclick double-clicks the element once it is visible, enabled, still and not covered: two
// presses and releases of the left button, the second with a click count of 2, as a user's
// double click sends them (click, click, dblclick).
func (l *Locator) Dblclick() {
	l.do("double-click", func(p *rod.Page) error {
		el, pt, err := l.clickable(p, "double-clicked")
		if err != nil {
			return err
		}
		return mouseClicks(el.Page(), pt, 2)
	})
}

// mouseClicks moves the mouse to pt and clicks there n times, counting the clicks.
func mouseClicks(p *rod.Page, pt proto.Point, n int) error {
	if err := p.Mouse.MoveTo(pt); err != nil {
		return err
	}
	for c := 1; c <= n; c++ {
		if err := p.Mouse.Down(proto.InputMouseButtonLeft, c); err != nil {
			return delivered(p, err)
		}
		if err := p.Mouse.Up(proto.InputMouseButtonLeft, c); err != nil {
			return delivered(p, err)
		}
	}
	return nil
}

// Tap touches the element's centre once it is visible, enabled, still and not covered: the
// touchstart and touchend a finger sends, which the browser follows with pointer and mouse
// events and a click. It works whether or not the page emulates a touch screen.
func (l *Locator) Tap() {
	l.do("tap", func(p *rod.Page) error {
		el, pt, err := l.clickable(p, "tapped")
		if err != nil {
			return err
		}
		page := el.Page()
		err = proto.InputDispatchTouchEvent{Type: proto.InputDispatchTouchEventTypeTouchStart,
			TouchPoints: []*proto.InputTouchPoint{{X: pt.X, Y: pt.Y}}}.Call(page)
		if err != nil {
			return err
		}
		return proto.InputDispatchTouchEvent{Type: proto.InputDispatchTouchEventTypeTouchEnd,
			TouchPoints: []*proto.InputTouchPoint{}}.Call(page)
	})
}

// dragWatchJS notes, in the element's window, the dragstart that a move of the mouse may
// start; dragStartedJS then says, once the page has handled it, whether a drag began.
var (
	//go:embed drag_watch.js
	dragWatchJS string
	//go:embed drag_started.js
	dragStartedJS string
)

// DragTo drags the element onto target: it presses the mouse on the element's centre (once it
// is visible, still and not covered), moves it to target's centre (once target is) and releases
// it there. An HTML drag and drop (draggable elements, dragstart and drop handlers) and a drag
// made of mouse events (sortable lists, sliders) both happen as a user's would.
func (l *Locator) DragTo(target *Locator) {
	l.tab.lastResponse = nil
	l.tab.must(l.tab.act(l.page, "drag "+l.String()+" to "+target.String(), func(p *rod.Page) error {
		src, from, err := l.clickable(p, "dragged")
		if err != nil {
			return err
		}
		if _, err := src.Eval(dragWatchJS); err != nil {
			return err
		}
		mouse := func(t proto.InputDispatchMouseEventType, at proto.Point, buttons int) error {
			return proto.InputDispatchMouseEvent{Type: t, X: at.X, Y: at.Y, Button: proto.InputMouseButtonLeft,
				Buttons: gson.Int(buttons), ClickCount: 1}.Call(p)
		}
		if err := mouse(proto.InputDispatchMouseEventTypeMouseMoved, from, 0); err != nil {
			return err
		}
		if err := mouse(proto.InputDispatchMouseEventTypeMousePressed, from, 1); err != nil {
			return err
		}
		released := false
		defer func() {
			if !released { // the drag failed half way: let go of the button, within the flow's time
				_ = proto.InputDispatchMouseEvent{Type: proto.InputDispatchMouseEventTypeMouseReleased, X: from.X, Y: from.Y,
					Button: proto.InputMouseButtonLeft, ClickCount: 1}.Call(l.tab.page)
			}
		}()
		_, to, err := target.clickable(p, "dropped on")
		if err != nil {
			return err
		}
		drag, err := moveToDrag(p, src, func() error { return mouse(proto.InputDispatchMouseEventTypeMouseMoved, to, 1) })
		if err != nil {
			return err
		}
		released = true
		if drag == nil {
			return mouse(proto.InputDispatchMouseEventTypeMouseReleased, to, 0)
		}
		for _, t := range []proto.InputDispatchDragEventType{proto.InputDispatchDragEventTypeDragEnter,
			proto.InputDispatchDragEventTypeDragOver, proto.InputDispatchDragEventTypeDrop} {
			if err := (proto.InputDispatchDragEvent{Type: t, X: to.X, Y: to.Y, Data: drag}).Call(p); err != nil {
				return err
			}
		}
		return nil
	}))
}

// moveToDrag moves the mouse with move while Chromium holds back any drag it starts, and
// returns the data of the HTML drag the move began (the page's dragstart was not cancelled),
// nil when it began none.
func moveToDrag(p *rod.Page, src *rod.Element, move func() error) (*proto.InputDragData, error) {
	var data *proto.InputDragData
	wait := p.EachEvent(func(e *proto.InputDragIntercepted) bool {
		data = e.Data
		return true
	})
	if err := (proto.InputSetInterceptDrags{Enabled: true}).Call(p); err != nil {
		return nil, err
	}
	defer func() { _ = proto.InputSetInterceptDrags{Enabled: false}.Call(p) }()
	if err := move(); err != nil {
		return nil, err
	}
	started, err := src.Eval(dragStartedJS)
	if err != nil {
		return nil, err
	}
	if !started.Value.Bool() {
		return nil, nil
	}
	wait()
	if data == nil {
		return nil, errors.Join(errors.New("the drag began but Chromium never handed it over"), p.GetContext().Err())
	}
	return data, nil
}
