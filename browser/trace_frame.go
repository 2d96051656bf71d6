package browser

import (
	_ "embed"
	"fmt"
	"math"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// MaskSelector matches the fields whose pixels a trace frame or a failure screenshot never
// shows: password fields, and fields the page marks as holding a password, a one-time code or
// a card's number or code.
const MaskSelector = `input[type=password i], input[autocomplete~=current-password i], ` +
	`input[autocomplete~=new-password i], input[autocomplete~=one-time-code i], ` +
	`input[autocomplete~=cc-number i], input[autocomplete~=cc-csc i]`

// MaskColor is the colour masks are painted in (#FF00FF, as Playwright's mask).
const MaskColor = "#FF00FF"

// maskAttr marks the boxes Mask paints, so that Unmask removes exactly them.
const maskAttr = "data-e2e-mask"

// maskJS covers every element matching sel that is laid out with an opaque box of its own (as
// Playwright's mask option does) and returns the viewport's size and scroll offsets with the
// number of boxes painted and their rectangles in viewport pixels.
//
//go:embed mask.js
var maskJS string

// unmaskJS removes the boxes maskJS painted.
//
//go:embed unmask.js
var unmaskJS string

// Masked is what Mask did: the viewport, and the boxes painted in viewport CSS pixels.
type Masked struct {
	// Width and Height are the viewport's, in CSS pixels.
	Width, Height float64
	// ScrollX and ScrollY are the visual viewport's offsets in the document.
	ScrollX, ScrollY float64
	// Boxes are the painted masks as [left, top, width, height] in viewport CSS pixels.
	Boxes [][4]float64
}

// Mask paints an opaque box over every element of p matching sel (MaskSelector when empty),
// until Unmask.
func Mask(p *rod.Page, sel string) (Masked, error) {
	if sel == "" {
		sel = MaskSelector
	}
	var m Masked
	res, err := p.Evaluate(rod.Eval(maskJS, sel, MaskColor, maskAttr).ByUser())
	if err != nil {
		return m, fmt.Errorf("mask: %w", err)
	}
	v := res.Value
	m.Width, m.Height = v.Get("w").Num(), v.Get("h").Num()
	m.ScrollX, m.ScrollY = v.Get("x").Num(), v.Get("y").Num()
	for _, b := range v.Get("boxes").Arr() {
		m.Boxes = append(m.Boxes, [4]float64{b.Get("0").Num(), b.Get("1").Num(), b.Get("2").Num(), b.Get("3").Num()})
	}
	return m, nil
}

// Unmask removes the boxes Mask painted; it does nothing when m has none.
func Unmask(p *rod.Page, m Masked) {
	if len(m.Boxes) == 0 {
		return
	}
	_, _ = p.Evaluate(rod.Eval(unmaskJS, maskAttr).ByUser())
}

// FrameOptions say how a trace frame is captured.
type FrameOptions struct {
	// MaxWidth is the widest a frame is, in pixels: a wider viewport is scaled down.
	MaxWidth int
	// Quality is the JPEG quality, 0-100.
	Quality int
	// Mask selects the fields painted over before the capture; MaskSelector when empty.
	Mask string
}

// Frame is one viewport capture of a trace.
type Frame struct {
	// JPEG is the image.
	JPEG []byte
	// Width and Height are the image's size in pixels.
	Width, Height int
	// Masked says what was painted over during the capture, and the viewport it covers.
	Masked Masked
}

// CaptureFrame captures p's viewport as a scaled-down JPEG through the DevTools protocol, with
// the sensitive fields masked during the capture. A failed mask fails the capture: no frame
// is better than one that shows a password.
func CaptureFrame(p *rod.Page, o FrameOptions) (Frame, error) {
	var f Frame
	m, err := Mask(p, o.Mask)
	if err != nil {
		return f, err
	}
	defer Unmask(p, m)
	return captureViewport(p, m, o)
}

// captureViewport captures the viewport v describes as a JPEG at o.Quality, scaled down to
// o.MaxWidth, from the compositor's next frame.
func captureViewport(p *rod.Page, v Masked, o FrameOptions) (Frame, error) {
	f := Frame{Masked: v}
	if v.Width <= 0 || v.Height <= 0 {
		return f, fmt.Errorf("frame: the page has no viewport")
	}
	scale := 1.0
	if o.MaxWidth > 0 && v.Width > float64(o.MaxWidth) {
		scale = float64(o.MaxWidth) / v.Width
	}
	q := o.Quality
	shot, err := proto.PageCaptureScreenshot{
		Format:           proto.PageCaptureScreenshotFormatJpeg,
		Quality:          &q,
		FromSurface:      true,
		OptimizeForSpeed: true,
		Clip:             &proto.PageViewport{X: v.ScrollX, Y: v.ScrollY, Width: v.Width, Height: v.Height, Scale: scale},
	}.Call(p)
	if err != nil {
		return f, fmt.Errorf("frame: %w", err)
	}
	f.JPEG = shot.Data
	f.Width, f.Height = int(math.Round(v.Width*scale)), int(math.Round(v.Height*scale))
	return f, nil
}
