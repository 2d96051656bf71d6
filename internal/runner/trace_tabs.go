package runner

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/pages"
)

// tabTrace is the trace of a flow's tab beyond its first: its actions join the attempt's trace,
// each frame a capture of its own tab and named by it, so the trace shows which tab each
// action ran in. A failing action's frame is its tab as it failed; the DOM snapshot is the
// first tab's only (each tab's DOM is kept with the evidence).
type tabTrace struct {
	t       *tracer
	name    string
	page    *rod.Page
	capture *browser.Capturer
	closed  atomic.Bool // the flow closed the tab: nothing more to capture of it
}

// addTab traces page, the flow's tab named name, from now on: its sensitive fields masked, its
// actions' frames captured at the first tab's pace.
func (t *tracer) addTab(name string, page *rod.Page) (*tabTrace, error) {
	if err := browser.MaskFields(page, traceFrameOptions.Mask); err != nil {
		return nil, err
	}
	tt := &tabTrace{t: t, name: name, page: page}
	tt.capture = browser.StartCapturer(page, traceFrameOptions, t.pace, func(f browser.TimedFrame) { t.captured(name, f) }, t.failed)
	t.mu.Lock()
	t.tabs = append(t.tabs, tt)
	t.mu.Unlock()
	return tt, nil
}

// ActionStarted does nothing: the DOM before an action is kept for the first tab only.
func (tt *tabTrace) ActionStarted() {}

// TargetFound does nothing, as ActionStarted.
func (tt *tabTrace) TargetFound(*rod.Element) {}

// ActionEnded asks for a capture of the tab as the action left it; the first action to fail
// gets a capture of its own at once.
func (tt *tabTrace) ActionEnded(a pages.TracedAction) {
	now := time.Now()
	if !tt.t.failedAt(a, tt.name, now) {
		if !tt.closed.Load() {
			tt.capture.Request()
		}
		return
	}
	if tt.closed.Load() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), traceCaptureTimeout)
	defer cancel()
	tt.t.captureFinal(tt.page.Context(ctx), now)
}

// closing stops capturing the tab, which the flow is closing (Tab.Close): its later actions (the
// close) get its last capture, and no capture of a closed tab fails.
func (tt *tabTrace) closing() {
	tt.closed.Store(true)
	tt.capture.Stop()
}

// closingFirst stops capturing the flow's first tab, which the flow is closing, as closing does
// a further tab's.
func (t *tracer) closingFirst() {
	t.closed.Store(true)
	t.capture.Stop()
}
