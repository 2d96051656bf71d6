package browser

import (
	"context"
	_ "embed"
	"fmt"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// maskFieldsJS hides the content of the fields matching a selector behind the mask colour, in the
// document it runs in and, through Page.addScriptToEvaluateOnNewDocument, in every document the
// tab loads after: every capture of the tab shows them masked, with no step of its own.
//
//go:embed mask_fields.js
var maskFieldsJS string

// MaskFields hides the fields sel selects (MaskSelector when empty) behind MaskColor in p's
// current document and in every document p loads after, with a style sheet of the page's own.
func MaskFields(p *rod.Page, sel string) error {
	if sel == "" {
		sel = MaskSelector
	}
	script := fmt.Sprintf("(%s)(%q, %q)", maskFieldsJS, sel, MaskColor)
	if _, err := (proto.PageAddScriptToEvaluateOnNewDocument{Source: script}).Call(p); err != nil {
		return fmt.Errorf("mask: %w", err)
	}
	if _, err := p.Evaluate(rod.Eval(maskFieldsJS, sel, MaskColor).ByUser()); err != nil {
		return fmt.Errorf("mask: %w", err)
	}
	return nil
}

// TimedFrame is a frame with the moment its capture began: it shows the page as it was at
// that moment or a little after.
type TimedFrame struct {
	Frame
	// At is when the capture began.
	At time.Time
}

// CaptureOptions say how a Capturer paces and bounds its captures.
type CaptureOptions struct {
	// Timeout bounds each capture.
	Timeout time.Duration
	// Every is the least time from the start of one capture to the start of the next: requests
	// made in between are served together by the next one (Flush does not wait for it).
	Every time.Duration
	// First is the least time from the capturer's start to its first capture (Flush does not
	// wait for it either). A short flow whose frames are dropped when it passes then pays for
	// one capture rather than one at its first action and another after.
	First time.Duration
}

// Capturer captures a tab's viewport in the background, one capture at a time, so that the
// flow that asks for frames never waits for one: Request asks for a capture that begins after
// it, and returns at once. Requests made while a capture runs, or sooner than CaptureOptions.Every
// after it began, are served by one capture after it. The fields to mask must already be masked
// on the page (MaskFields).
type Capturer struct {
	page    *rod.Page
	opts    FrameOptions
	pace    CaptureOptions
	onFrame func(TimedFrame)
	onErr   func(error)

	kick   chan struct{}
	hurry  chan struct{} // Flush: begin the next capture now
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once

	mu      sync.Mutex
	asked   uint64        // requests made
	served  uint64        // requests served by a capture that ended
	changed chan struct{} // closed and replaced when served moves
}

// StartCapturer starts capturing p's viewport on request, paced and bounded by pace, as a JPEG
// at o.Quality at most o.MaxWidth wide. Frames go to onFrame and failed captures to onErr, on
// the capturer's goroutine, until Stop.
func StartCapturer(p *rod.Page, o FrameOptions, pace CaptureOptions, onFrame func(TimedFrame), onErr func(error)) *Capturer {
	ctx, cancel := context.WithCancel(p.GetContext())
	c := &Capturer{page: p.Context(ctx), opts: o, pace: pace, onFrame: onFrame, onErr: onErr,
		kick: make(chan struct{}, 1), hurry: make(chan struct{}, 1), cancel: cancel,
		done: make(chan struct{}), changed: make(chan struct{})}
	go c.loop(ctx)
	return c
}

// Request asks for a capture that begins after now; it never blocks.
func (c *Capturer) Request() {
	c.mu.Lock()
	c.asked++
	c.mu.Unlock()
	select {
	case c.kick <- struct{}{}:
	default: // one is already asked for: it begins after now too
	}
}

// Flush waits until every capture requested before it has ended, at most for timeout. It
// reports whether they all have.
func (c *Capturer) Flush(timeout time.Duration) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	c.mu.Lock()
	want, pending := c.asked, c.served < c.asked
	c.mu.Unlock()
	if pending {
		select {
		case c.hurry <- struct{}{}:
		default:
		}
	}
	for {
		c.mu.Lock()
		served, changed := c.served, c.changed
		c.mu.Unlock()
		if served >= want {
			return true
		}
		select {
		case <-changed:
		case <-c.done:
			return false
		case <-timer.C:
			return false
		}
	}
}

// Stop ends the capturer, cutting a capture short, and waits until its callbacks are no longer
// called.
func (c *Capturer) Stop() {
	c.once.Do(c.cancel)
	<-c.done
}

// loop serves the requests until the capturer's context ends.
func (c *Capturer) loop(ctx context.Context) {
	defer close(c.done)
	last := time.Now().Add(c.pace.First - c.pace.Every) // when the last capture began, as the pace sees it
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.kick:
		}
		if wait := c.pace.Every - time.Since(last); wait > 0 {
			timer := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case <-timer.C:
			case <-c.hurry:
				timer.Stop()
			}
		}
		select { // a Flush before this capture is served by it
		case <-c.hurry:
		default:
		}
		last = time.Now()
		c.mu.Lock()
		asked := c.asked
		c.mu.Unlock()
		f, err := c.capture(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			c.onErr(err)
		} else {
			c.onFrame(TimedFrame{Frame: f, At: last})
		}
		c.mu.Lock()
		c.served = asked
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
	}
}

// capture takes one frame of the viewport, scaled down to opts.MaxWidth.
func (c *Capturer) capture(ctx context.Context) (Frame, error) {
	var f Frame
	ctx, cancel := context.WithTimeout(ctx, c.pace.Timeout)
	defer cancel()
	p := c.page.Context(ctx)
	m, err := proto.PageGetLayoutMetrics{}.Call(p)
	if err != nil {
		return f, fmt.Errorf("frame: %w", err)
	}
	v := m.CSSVisualViewport
	if v == nil {
		return f, fmt.Errorf("frame: the page has no viewport")
	}
	return captureViewport(p, Masked{Width: v.ClientWidth, Height: v.ClientHeight, ScrollX: v.PageX, ScrollY: v.PageY}, c.opts)
}
