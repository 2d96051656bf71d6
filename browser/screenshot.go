package browser

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// maxShotHeight caps a full-page screenshot: Chromium cannot capture much more in one piece.
const maxShotHeight = 16384

// FullPageScreenshot captures the whole page, beyond the viewport, as PNG. Unlike rod's
// Screenshot(true, ...) it does not resize the viewport, so the page is not laid out again
// (which would change what a responsive page shows) and nothing waits for the renderer to
// accept a new size.
func FullPageScreenshot(p *rod.Page) ([]byte, error) {
	m, err := proto.PageGetLayoutMetrics{}.Call(p)
	if err != nil {
		return nil, fmt.Errorf("screenshot: layout metrics: %w", err)
	}
	if m.CSSContentSize == nil {
		return nil, errors.New("screenshot: the page has no content size")
	}
	w, h := math.Ceil(m.CSSContentSize.Width), math.Min(math.Ceil(m.CSSContentSize.Height), maxShotHeight)
	shot, err := proto.PageCaptureScreenshot{
		Format:                proto.PageCaptureScreenshotFormatPng,
		CaptureBeyondViewport: true,
		FromSurface:           true,
		Clip:                  &proto.PageViewport{Width: w, Height: h, Scale: 1},
	}.Call(p)
	if err != nil {
		return nil, fmt.Errorf("screenshot: %w", err)
	}
	return shot.Data, nil
}

// Unblock makes a page that is waiting on a navigation that never commits (a hung request)
// answer again: while such a navigation is pending, Chromium does not run anything in the old
// document, so no DOM or layout can be read. It stops the loading only when a quick probe gets
// no answer, so that a healthy page is left as it is.
func Unblock(p *rod.Page) {
	ctx, cancel := context.WithTimeout(p.GetContext(), 500*time.Millisecond)
	defer cancel()
	if _, err := (proto.RuntimeEvaluate{Expression: "0"}).Call(p.Context(ctx)); err == nil {
		return
	}
	_ = proto.PageStopLoading{}.Call(p)
}
