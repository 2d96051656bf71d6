package pages

import (
	"fmt"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/browser"
)

// LocatorScreenshotOptions are Locator.Screenshot's options, as Playwright's
// locator.screenshot. The zero value takes the element with the caret hidden, animations
// running.
type LocatorScreenshotOptions struct {
	// Mask are locators whose elements are painted over (#FF00FF, or MaskColor). Password fields
	// always are.
	Mask []*Locator
	// MaskColor is the CSS colour of the masks.
	MaskColor string
	// StopAnimations stops CSS animations and transitions for the screenshot (Playwright's
	// "disabled"); by default they run on.
	StopAnimations bool
}

// Screenshot waits until l's one element is visible, scrolls it into view and returns a PNG
// image of its box, one image pixel per CSS pixel, as Playwright's locator.screenshot: to attach
// to the flow's report (F.Attach), or to check in Go. Password fields are painted over, as in
// every image e2e takes. Expect(l).ToHaveScreenshot is the way to compare with a baseline.
//
//	f.Attach("cart", "image/png", cart.Screenshot())
func (l *Locator) Screenshot(o ...LocatorScreenshotOptions) []byte {
	var opt LocatorScreenshotOptions
	if len(o) > 0 {
		opt = o[0]
	}
	var png []byte
	l.tab.must(l.tab.act(l.page, "screenshot "+l.String(), func(p *rod.Page) error {
		el, err := l.resolve(p, "seen", isVisible)
		if err != nil {
			return err
		}
		so, err := l.tab.shotOptions(p, ScreenshotOptions{Mask: opt.Mask, MaskColor: opt.MaskColor, Animations: !opt.StopAnimations}, el)
		if err != nil {
			return err
		}
		png, err = browser.Shooter(l.tab.page, so)(p.GetContext(), 0)
		if err != nil {
			return fmt.Errorf("screenshot %s: %w", l, err)
		}
		return nil
	}))
	return png
}
