package browser

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// maskCSSJS hides the content of the fields matching a selector behind the mask colour, in the
// document it runs in and, through Page.addScriptToEvaluateOnNewDocument, in every document the
// tab loads after: while a screencast runs, every frame the browser paints is masked, with no
// step of the flow's own to wait for.
const maskCSSJS = `(sel, color) => {
	try {
		const rule = "{ background: " + color + " !important; background-image: none !important;" +
			" border-color: " + color + " !important; box-shadow: none !important;" +
			" color: transparent !important; -webkit-text-fill-color: transparent !important;" +
			" text-shadow: none !important; caret-color: transparent !important; }";
		const sheet = new CSSStyleSheet();
		sheet.replaceSync(sel.split(",").map(s => s.trim() + " " + rule + " " + s.trim() + "::placeholder " + rule).join("\n"));
		document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
	} catch (e) {}
}`

// paintedJS waits until a document with a field to mask has painted the mask, so that no
// frame from before it is streamed (at most 500ms: a background tab may not paint).
const paintedJS = `(sel) => document.querySelector(sel) ? Promise.race([
	new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))),
	new Promise(r => setTimeout(() => r(false), 500))]) : false`

// ScreencastFrame is one frame of a screencast, with when it arrived.
type ScreencastFrame struct {
	Frame
	// At is when the frame arrived.
	At time.Time
}

// Screencast streams a tab's frames as the browser paints them (Page.startScreencast), each a
// scaled-down JPEG of the viewport with the sensitive fields masked by a style sheet of the
// page's own.
type Screencast struct {
	page   *rod.Page
	cancel context.CancelFunc
	done   chan struct{}
}

// StartScreencast masks the fields o.Mask selects (MaskSelector when empty) in p's current and
// future documents and starts streaming p's frames to onFrame, on a goroutine of its own, until
// Stop. Frames are JPEG at o.Quality, at most o.MaxWidth wide.
func StartScreencast(p *rod.Page, o FrameOptions, onFrame func(ScreencastFrame)) (*Screencast, error) {
	sel := o.Mask
	if sel == "" {
		sel = MaskSelector
	}
	script := fmt.Sprintf("(%s)(%q, %q)", maskCSSJS, sel, MaskColor)
	if _, err := (proto.PageAddScriptToEvaluateOnNewDocument{Source: script}).Call(p); err != nil {
		return nil, fmt.Errorf("screencast: mask: %w", err)
	}
	if _, err := p.Evaluate(rod.Eval(maskCSSJS, sel, MaskColor).ByUser()); err != nil {
		return nil, fmt.Errorf("screencast: mask: %w", err)
	}
	if _, err := p.Evaluate(rod.Eval(paintedJS, sel).ByPromise()); err != nil {
		return nil, fmt.Errorf("screencast: mask: %w", err)
	}
	ctx, cancel := context.WithCancel(p.GetContext())
	sp := p.Context(ctx)
	s := &Screencast{page: p, cancel: cancel, done: make(chan struct{})}
	wait := sp.EachEvent(func(e *proto.PageScreencastFrame) {
		_ = proto.PageScreencastFrameAck{SessionID: e.SessionID}.Call(sp)
		f := ScreencastFrame{At: time.Now(), Frame: Frame{JPEG: e.Data}}
		if cfg, err := jpeg.DecodeConfig(bytes.NewReader(e.Data)); err == nil {
			f.Width, f.Height = cfg.Width, cfg.Height
		}
		f.Masked.Width, f.Masked.Height = e.Metadata.DeviceWidth, e.Metadata.DeviceHeight
		f.Masked.ScrollX, f.Masked.ScrollY = e.Metadata.ScrollOffsetX, e.Metadata.ScrollOffsetY
		onFrame(f)
	})
	go func() {
		defer close(s.done)
		wait()
	}()
	q, w, h := o.Quality, o.MaxWidth, 4*o.MaxWidth
	if err := (proto.PageStartScreencast{Format: proto.PageStartScreencastFormatJpeg, Quality: &q, MaxWidth: &w, MaxHeight: &h}).Call(sp); err != nil {
		s.Stop()
		return nil, fmt.Errorf("screencast: %w", err)
	}
	return s, nil
}

// Stop ends the stream and waits until onFrame is no longer called.
func (s *Screencast) Stop() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	_ = proto.PageStopScreencast{}.Call(s.page.Context(ctx))
	cancel()
	s.cancel()
	<-s.done
}
