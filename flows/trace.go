package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"sync"
	"time"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// TraceMode says when an attempt's trace is kept (artifacts.trace).
type TraceMode string

// The trace modes.
const (
	TraceRetainOnFailure TraceMode = "retain-on-failure" // record every attempt, keep the failed ones'
	TraceOn              TraceMode = "on"                // record and keep every attempt's
	TraceOff             TraceMode = "off"               // record nothing
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
	// traceCaptureTimeout bounds each capture, and the failure's DOM snapshot.
	traceCaptureTimeout = 3 * time.Second
)

// traceTargetAttr marks the failing action's element in the DOM snapshot.
const traceTargetAttr = "data-e2e-target"

// tracer records an attempt's trace in memory: a frame after each page action, and at the first
// failing action the DOM with its target marked. It is the pages.Tracer of the attempt's
// session.
type tracer struct {
	page    *rod.Page
	steps   *steps.StepLog
	started time.Time

	mu      sync.Mutex
	frames  []tracedFrame
	dropped int
	failure *report.TraceFailure
	dom     string
	errs    []error
}

// tracedFrame is a frame with its image, kept until the trace is written or dropped.
type tracedFrame struct {
	report.TraceFrame
	jpeg []byte
}

func newTracer(page *rod.Page, log *steps.StepLog, started time.Time) *tracer {
	return &tracer{page: page, steps: log, started: started}
}

// ActionEnded captures the viewport after an action; when it is the first to fail, first the
// DOM with the action's target marked.
func (t *tracer) ActionEnded(a pages.TracedAction) {
	ctx, cancel := context.WithTimeout(context.Background(), traceCaptureTimeout)
	defer cancel()
	p := t.page.Context(ctx)
	t.mu.Lock()
	first := a.Err != nil && t.failure == nil
	if first {
		t.failure = &report.TraceFailure{Step: a.Step, Frame: -1, Selector: a.Target.Selector}
	}
	t.mu.Unlock()
	if first {
		t.snapshot(p, a.Target)
	}
	f, err := browser.CaptureFrame(p, browser.FrameOptions{MaxWidth: TraceFrameWidth, Quality: TraceFrameQuality})
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		if len(t.errs) < 5 {
			t.errs = append(t.errs, fmt.Errorf("frame after step %d: %w", a.Step, err))
		}
		return
	}
	tf := tracedFrame{jpeg: f.JPEG, TraceFrame: report.TraceFrame{
		MS: ms(time.Since(t.started)), Step: a.Step, Width: f.Width, Height: f.Height,
		ViewportWidth: f.Masked.Width, ViewportHeight: f.Masked.Height, Masks: f.Masked.Boxes,
	}}
	if len(t.frames) >= MaxTraceFrames {
		t.frames = append(t.frames[:1], t.frames[2:]...)
		t.dropped++
		if t.failure != nil && t.failure.Frame > 0 {
			t.failure.Frame--
		}
	}
	t.frames = append(t.frames, tf)
	if first {
		t.failure.Frame = len(t.frames) - 1
	}
}

// snapshot records the failing action's target box and the DOM with the target marked.
func (t *tracer) snapshot(p *rod.Page, target pages.ActionTarget) {
	mark := `function (attr) {
		const r = this.getBoundingClientRect();
		this.setAttribute(attr, "");
		return r.width > 0 || r.height > 0 ? [r.left, r.top, r.width, r.height] : null;
	}`
	var box []float64
	if el := target.Element; el != nil {
		if res, err := el.Context(p.GetContext()).Evaluate(rod.Eval(mark, traceTargetAttr).ByUser()); err == nil {
			_ = res.Value.Unmarshal(&box)
		}
	} else if target.Selector != "" {
		js := `(sel, attr) => { let el; try { el = document.querySelector(sel) } catch (e) {} return el ? (` + mark + `).call(el, attr) : null }`
		if res, err := p.Evaluate(rod.Eval(js, target.Selector, traceTargetAttr).ByUser()); err == nil {
			_ = res.Value.Unmarshal(&box)
		}
	}
	dom, err := serializeDOM(p)
	_, _ = p.Evaluate(rod.Eval(`(attr) => { for (const e of document.querySelectorAll("[" + attr + "]")) e.removeAttribute(attr) }`, traceTargetAttr).ByUser())
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(box) == 4 {
		t.failure.Target = &[4]float64{box[0], box[1], box[2], box[3]}
	}
	if err != nil {
		t.errs = append(t.errs, fmt.Errorf("dom snapshot: %w", err))
		return
	}
	t.dom = dom
}

// write writes the trace into dir, the attempt's folder: its frames, the DOM snapshot passed
// through html, and trace.json with the steps' spans and the console lines passed through
// text. It returns trace.json's path.
func (t *tracer) write(dir string, console *artifacts.ConsoleLog, html, text func(string) string) (string, error) {
	t.mu.Lock()
	frames := append([]tracedFrame(nil), t.frames...)
	tr := report.Trace{Version: report.TraceVersion, Started: t.started, Dropped: t.dropped}
	if t.failure != nil {
		f := *t.failure
		tr.Failure = &f
	}
	dom := t.dom
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
	for i, f := range frames {
		name := path.Join(report.TraceFramesDir, fmt.Sprintf("%04d.jpg", i+1))
		if err := artifacts.WriteFileAtomic(filepath.Join(dir, filepath.FromSlash(name)), f.jpeg); err != nil {
			errs = append(errs, fmt.Errorf("frame %s: %w", name, err))
			continue
		}
		f.File = name
		tr.Frames = append(tr.Frames, f.TraceFrame)
	}
	if dom != "" && tr.Failure != nil {
		name := path.Join(report.TraceFramesDir, "dom.html")
		if err := artifacts.WriteFileAtomic(filepath.Join(dir, filepath.FromSlash(name)), []byte(html(dom))); err != nil {
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

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
