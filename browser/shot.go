package browser

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/internal/visual"
)

//go:embed shot.js
var shotJS string

// shotCleanup is the page's function that undoes what shot.js did.
const shotCleanup = "__e2eShotCleanup"

// ShotOptions say how a checked screenshot (toHaveScreenshot) is taken.
type ShotOptions struct {
	// Element, when set, is the element the screenshot shows: it is scrolled into view and the
	// screenshot clipped to its box.
	Element *rod.Element
	// FullPage takes the whole page rather than the viewport (without Element).
	FullPage bool
	// Mask are elements painted over with MaskColor. The fields MaskSelector matches (passwords)
	// are always painted over, as in every image e2e takes.
	Mask []*rod.Element
	// MaskColor is the masks' CSS colour; MaskColor (#FF00FF) when empty.
	MaskColor string
	// Animations leaves CSS animations and transitions running; by default they are stopped.
	Animations bool
	// Caret leaves the text caret as it is; by default it is hidden.
	Caret bool
	// Style is CSS added to the page's document for the screenshot, and removed after.
	Style string
	// DeviceScale takes one image pixel per device pixel; by default one per CSS pixel.
	DeviceScale bool
	// Clip, when set, is the part of the viewport (of the whole page with FullPage) the
	// screenshot shows, in CSS pixels (without Element).
	Clip *Clip
}

// Clip is a rectangle in CSS pixels.
type Clip struct {
	X, Y, Width, Height float64
}

// Shooter returns the screenshots of a visual check on p: each one taken once the page has
// drawn two frames and the check's pace has passed, with animations stopped, the caret hidden,
// the masks painted, and all of it undone after. It works the same on a remote browser: the
// image comes from the browser's own compositor over the DevTools protocol.
func Shooter(p *rod.Page, o ShotOptions) visual.Shooter {
	return func(ctx context.Context, wait time.Duration) ([]byte, error) {
		return shoot(p.Context(ctx), o, wait)
	}
}

func shoot(p *rod.Page, o ShotOptions, wait time.Duration) ([]byte, error) {
	color := o.MaskColor
	if color == "" {
		color = MaskColor
	}
	args := []any{map[string]any{
		"wait": wait.Milliseconds(), "animations": o.Animations, "caret": o.Caret, "style": o.Style,
		"element": o.Element != nil, "fullPage": o.FullPage, "cleanup": shotCleanup,
		"token": fmt.Sprint(time.Now().UnixNano()), "sel": MaskSelector, "attr": maskAttr, "fieldColor": MaskColor, "maskColor": color,
	}}
	for _, m := range o.Mask {
		if m != nil && m.Object != nil {
			args = append(args, m.Object)
		}
	}
	eval := rod.Eval(shotJS, args...).ByPromise()
	var res *proto.RuntimeRemoteObject
	var err error
	if o.Element != nil {
		res, err = o.Element.Context(p.GetContext()).Evaluate(eval)
	} else {
		res, err = p.Evaluate(eval)
	}
	defer func() {
		// Undone even when the time is up: the page must not stay frozen and masked.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, _ = p.Context(ctx).Evaluate(rod.Eval(`(f) => { delete window[f + "Token"]; if (window[f]) window[f](); }`, shotCleanup))
	}()
	if err != nil {
		return nil, fmt.Errorf("ready the page: %w", err)
	}
	v := res.Value
	if v.Nil() {
		return nil, fmt.Errorf("ready the page: given up")
	}
	x, y, w, h := v.Get("x").Num(), v.Get("y").Num(), v.Get("w").Num(), v.Get("h").Num()
	if c := o.Clip; c != nil && o.Element == nil {
		x, y, w, h = x+c.X, y+c.Y, c.Width, c.Height
	}
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("nothing to capture (%gx%g)", w, h)
	}
	scale := 1.0
	if dpr := v.Get("dpr").Num(); !o.DeviceScale && dpr > 0 {
		scale = 1 / dpr
	}
	beyond := o.Element != nil || o.FullPage || o.Clip != nil
	if beyond {
		h = min(h, maxShotHeight)
	}
	shot, err := proto.PageCaptureScreenshot{
		Format:                proto.PageCaptureScreenshotFormatPng,
		CaptureBeyondViewport: beyond,
		FromSurface:           true,
		Clip:                  &proto.PageViewport{X: x, Y: y, Width: w, Height: h, Scale: scale},
	}.Call(p)
	if err != nil {
		return nil, fmt.Errorf("capture: %w", err)
	}
	return shot.Data, nil
}
