package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// Trace frames: how they are captured and how many an attempt keeps.
const (
	// TraceFrameWidth is the widest a frame is: a wider viewport is scaled down.
	TraceFrameWidth = 800
	// TraceFrameQuality is the frames' JPEG quality.
	TraceFrameQuality = 50
	// MaxTraceFrames is how many frames an attempt keeps: past it, the earliest after the first
	// are dropped.
	MaxTraceFrames = 400
	// traceCaptureTimeout bounds each capture, the failure's DOM snapshot, and the wait for the
	// captures still running when a failed attempt's trace is written.
	traceCaptureTimeout = 3 * time.Second
	// traceCaptureEvery is the least time between the starts of two captures: the actions that
	// end in between share the next one. A capture costs the browser about 14 ms of CPU (800
	// pixels wide) and takes about 50 ms: back to back they cost the shop's flows +9% at
	// 2 workers, one per 150 ms 3-5%, one per 250 ms less (bench/README.md).
	traceCaptureEvery = 250 * time.Millisecond
)

// traceTargetAttr marks the failing action's element in the DOM snapshot.
const traceTargetAttr = "data-e2e-target"

// tracer records an attempt's trace in memory: after each page action a capture of the
// viewport, taken in the background while the flow goes on, and at the first failing action a
// capture of its own and the DOM from before it acted, its target marked. It is the
// pages.Tracer of the attempt's session.
type tracer struct {
	page    *rod.Page
	steps   *steps.StepLog
	started time.Time
	capture *browser.Capturer
	dom     *browser.DOMKeeper // a copy of the DOM as each action finds its element

	pace browser.CaptureOptions // the captures' pace, the further tabs' too

	mu      sync.Mutex
	tabs    []*tabTrace                    // the flow's further tabs
	latest  map[string]*browser.TimedFrame // each tab's last capture, by name ("" for the first)
	frames  []tracedFrame                  // one per action, in order
	dropped int
	last    *pages.TracedAction // the last page action that ended
	failure *report.TraceFailure
	snap    string // the failing action's DOM, with its target marked
	errs    []error
	// captureFailed says a background capture failed: its first error is in errs.
	captureFailed bool
	closed        atomic.Bool // the flow closed its first tab: nothing more to capture of it
}

// tracedFrame is an action's frame with its image, kept until the trace is written or dropped.
type tracedFrame struct {
	report.TraceFrame
	jpeg  []byte
	ended time.Time // when its action ended
	final bool      // captured at the failure: no other frame replaces it
}

// traceFrameOptions are the frames' size and quality.
var traceFrameOptions = browser.FrameOptions{MaxWidth: TraceFrameWidth, Quality: TraceFrameQuality}

// startTracer masks the sensitive fields of page (a page of b), in its current and later
// documents, and starts the capturer that the attempt's trace keeps frames of. Under
// retain-on-failure (mode), where a passing flow's frames are dropped, the first capture waits a
// pace too: a short flow pays for one capture, not two; a failing one still gets a capture at
// its failure, and those asked for before it.
func startTracer(b *browser.Browser, page *rod.Page, log *steps.StepLog, started time.Time, mode artifacts.Mode) (*tracer, error) {
	t := &tracer{page: page, steps: log, started: started, dom: b.KeepDOM(page), latest: map[string]*browser.TimedFrame{}}
	if err := browser.MaskFields(page, traceFrameOptions.Mask); err != nil {
		return nil, err
	}
	pace := browser.CaptureOptions{Timeout: traceCaptureTimeout, Every: traceCaptureEvery}
	if mode == artifacts.ModeRetainOnFailure {
		pace.First = traceCaptureEvery
	}
	t.pace = pace
	t.capture = browser.StartCapturer(page, traceFrameOptions, pace, func(f browser.TimedFrame) { t.captured("", f) }, t.failed)
	return t, nil
}

// stop ends the capturers.
func (t *tracer) stop() {
	t.capture.Stop()
	for _, tt := range t.tabTraces() {
		tt.capture.Stop()
	}
}

// tabTraces are the traces of the flow's further tabs so far.
func (t *tracer) tabTraces() []*tabTrace {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]*tabTrace(nil), t.tabs...)
}

// captured gives a capture of the tab named tab to each of its actions that ended before it
// began and has no frame yet.
func (t *tracer) captured(tab string, f browser.TimedFrame) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.latest[tab] = &f
	for i := len(t.frames) - 1; i >= 0; i-- {
		tf := &t.frames[i]
		if tf.final || tf.Tab != tab {
			continue // the failure's own capture, or another tab's
		}
		if tf.jpeg != nil {
			break // it and every earlier one have theirs
		}
		if tf.ended.Before(f.At) {
			tf.set(f, t.started)
		}
	}
}

// failed keeps the first failed background capture's error for the trace's notes.
func (t *tracer) failed(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.captureFailed {
		t.captureFailed = true
		t.errs = append(t.errs, err)
	}
}

// set makes f the frame's image.
func (tf *tracedFrame) set(f browser.TimedFrame, started time.Time) {
	tf.jpeg = f.JPEG
	tf.MS = ms(f.At.Sub(started))
	tf.Width, tf.Height = f.Width, f.Height
	tf.ViewportWidth, tf.ViewportHeight = f.Masked.Width, f.Masked.Height
	tf.Masks = f.Masked.Boxes
}

// ActionStarted tells the DOM keeper a new action begins; it does not call the browser.
func (t *tracer) ActionStarted() { t.dom.Begin() }

// TargetFound has the page keep a copy of its DOM as the action found its element, before it
// acts on it, with the element's place, for the snapshot should the action fail; it does not
// wait for the browser.
func (t *tracer) TargetFound(el *rod.Element) { t.dom.KeepTarget(el) }

// ActionEnded asks for a capture of the page as the action left it. The first action to fail
// gets a capture of its own at once, masked, after its DOM snapshot (see snapshot).
func (t *tracer) ActionEnded(a pages.TracedAction) {
	now := time.Now()
	t.mu.Lock()
	t.last = &a
	t.mu.Unlock()
	switch {
	case !t.failedAt(a, "", now):
		if !t.closed.Load() {
			t.capture.Request()
		}
	case !t.closed.Load():
		t.captureFailure(a.Target, now)
	}
}

// failedAt records the first failing action a, at now, as the trace's failure, with a frame of
// its own, unless an action failed before. It reports whether a was that first failure.
func (t *tracer) failedAt(a pages.TracedAction, tab string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	first := a.Err != nil && t.failure == nil
	if first {
		t.failure = &report.TraceFailure{Step: a.Step, Frame: -1, Selector: a.Target.Selector}
	}
	t.push(tracedFrame{TraceFrame: report.TraceFrame{Step: a.Step, Tab: tab}, ended: now, final: first})
	return first
}

// flowFailed gives a flow that failed while no page action was failing (a check of the page,
// the API or the database after its actions passed) what a failing action gets: the DOM its
// last page action kept, from before it acted, with that action's target marked, and a capture
// of the page as the flow failed. It does nothing once an action failed, or before any action.
func (t *tracer) flowFailed() {
	now := time.Now()
	t.mu.Lock()
	if t.failure != nil || t.last == nil {
		t.mu.Unlock()
		return
	}
	a := *t.last
	t.failure = &report.TraceFailure{Step: a.Step, Frame: -1, Selector: a.Target.Selector, AfterActions: true}
	t.push(tracedFrame{TraceFrame: report.TraceFrame{Step: a.Step}, ended: now, final: true})
	t.mu.Unlock()
	t.captureFailure(a.Target, now)
}

// captureFailure takes the failure's DOM snapshot (see snapshot) and then its own capture,
// masked, as the last frame's.
func (t *tracer) captureFailure(target pages.ActionTarget, now time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), traceCaptureTimeout)
	defer cancel()
	p := t.page.Context(ctx)
	t.snapshot(p, target)
	t.captureFinal(p, now)
}

// captureFinal captures p, masked, as the failure's frame, the last one.
func (t *tracer) captureFinal(p *rod.Page, now time.Time) {
	f, err := browser.CaptureFrame(p, traceFrameOptions)
	t.mu.Lock()
	defer t.mu.Unlock()
	last := &t.frames[len(t.frames)-1]
	t.failure.Frame = len(t.frames) - 1
	if err != nil {
		t.errs = append(t.errs, fmt.Errorf("frame at the failure: %w", err))
		return
	}
	last.set(browser.TimedFrame{Frame: f, At: now}, t.started)
}

// fillLast gives the last actions of each tab still without a frame their tab's last capture.
func (t *tracer) fillLast() {
	done := map[string]bool{} // the tabs whose later actions all have frames
	for i := len(t.frames) - 1; i >= 0; i-- {
		tf := &t.frames[i]
		switch {
		case done[tf.Tab] || tf.final:
		case tf.jpeg != nil:
			done[tf.Tab] = true
		case t.latest[tf.Tab] != nil:
			tf.set(*t.latest[tf.Tab], t.started)
		}
	}
}

// push appends tf, dropping the earliest frame but the first past MaxTraceFrames.
func (t *tracer) push(tf tracedFrame) {
	if len(t.frames) >= MaxTraceFrames {
		t.frames = append(t.frames[:1], t.frames[2:]...)
		t.dropped++
	}
	t.frames = append(t.frames, tf)
}

// snapshot records the failing action's target box, and the DOM before the action acted: as it
// found its target, marked; when it found none (it acted on nothing) or the page has had a new
// document since, the DOM as it is.
func (t *tracer) snapshot(p *rod.Page, target pages.ActionTarget) {
	snap, err := t.dom.Snapshot(p, target.Element, target.Selector, traceTargetAttr)
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		t.errs = append(t.errs, fmt.Errorf("dom snapshot: %w", err))
		return
	}
	t.failure.Target = snap.Box
	t.failure.DOMBefore = snap.Before
	t.snap = snap.HTML
}

// write writes the trace into dir, the attempt's folder: its frames, the DOM snapshot passed
// through html, and trace.json with the steps' spans and the console lines passed through
// text. It returns trace.json's path. A failed attempt's trace waits (bounded) for the captures
// asked for by its last actions; a passing one's gives those actions the last capture taken,
// which began before they ended, rather than make every traced flow wait for one more.
func (t *tracer) write(dir string, failed bool, console *artifacts.ConsoleLog, html, text func(string) string) (string, error) {
	flushed := !failed || t.closed.Load() || t.capture.Flush(traceCaptureTimeout)
	for _, tt := range t.tabTraces() {
		flushed = (!failed || tt.closed.Load() || tt.capture.Flush(traceCaptureTimeout)) && flushed
	}
	t.mu.Lock()
	if !flushed {
		t.errs = append(t.errs, fmt.Errorf("frames: the last captures did not end within %v", traceCaptureTimeout))
	}
	if !failed {
		t.fillLast()
	}
	frames := append([]tracedFrame(nil), t.frames...)
	tr := report.Trace{Version: report.TraceVersion, Started: t.started, Dropped: t.dropped}
	if t.failure != nil {
		f := *t.failure
		f.Frame = -1 // the written index of the failure's frame, set below
		tr.Failure = &f
	}
	dom := t.snap
	for _, err := range t.errs {
		tr.Notes = append(tr.Notes, text(err.Error()))
	}
	t.mu.Unlock()
	var errs []error

	end := time.Since(t.started)
	for _, s := range t.steps.Steps() {
		d := s.Duration
		if !s.Done {
			d = end - s.Start.Sub(t.started)
		}
		start := s.Start.Sub(t.started)
		tr.Steps = append(tr.Steps, report.TraceSpan{StartMS: ms(start), EndMS: ms(start + d)})
	}
	if console != nil {
		for _, e := range console.Entries() {
			tr.Console = append(tr.Console, report.TraceConsole{MS: ms(e.Time.Sub(t.started)), Level: e.Level, Text: text(e.Text)})
		}
	}
	written := map[*byte]string{} // a capture shared by several actions is written once
	for _, f := range frames {
		if f.jpeg == nil {
			continue // nothing captured
		}
		i := len(tr.Frames)
		name, ok := written[&f.jpeg[0]]
		if !ok {
			name = path.Join(report.TraceFramesDir, fmt.Sprintf("%04d.jpg", i+1))
			// Plain writes, not synced one by one: trace.json, written atomically after them, is
			// what makes them part of the trace.
			if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), f.jpeg); err != nil {
				errs = append(errs, fmt.Errorf("frame %s: %w", name, err))
				continue
			}
			written[&f.jpeg[0]] = name
		}
		f.File = name
		if tr.Failure != nil && f.final {
			tr.Failure.Frame = i
		}
		tr.Frames = append(tr.Frames, f.TraceFrame)
	}
	if dom != "" && tr.Failure != nil {
		name := path.Join(report.TraceFramesDir, "dom.html")
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(html(dom))); err != nil {
			errs = append(errs, fmt.Errorf("dom snapshot: %w", err))
		} else {
			tr.Failure.DOM = name
		}
	}
	b, err := json.MarshalIndent(tr, "", " ")
	if err != nil {
		return "", errors.Join(append(errs, err)...)
	}
	out := filepath.Join(dir, report.ArtifactFiles[report.ArtifactTrace])
	if err := artifacts.WriteFileAtomic(out, b); err != nil {
		return "", errors.Join(append(errs, err)...)
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("trace: %w", errors.Join(errs...))
	}
	return out, nil
}

// writeFile writes data to path, creating its folder.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
