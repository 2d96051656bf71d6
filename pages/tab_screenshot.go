package pages

import (
	"fmt"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/browser"
)

// PageScreenshotOptions are Tab.Screenshot's options, as Playwright's page.screenshot. The
// zero value takes the viewport, the caret hidden, animations running.
type PageScreenshotOptions struct {
	// FullPage takes the whole scrollable page rather than the viewport.
	FullPage bool
	// Clip, when set, is the part taken, in CSS pixels: of the viewport, or of the whole page
	// with FullPage.
	Clip *Clip
	// Mask are locators whose elements are painted over (#FF00FF, or MaskColor). Password fields
	// always are.
	Mask []*Locator
	// MaskColor is the CSS colour of the masks.
	MaskColor string
	// StopAnimations stops CSS animations and transitions for the screenshot (Playwright's
	// "disabled"); by default they run on.
	StopAnimations bool
}

// Clip is a rectangle of a page, in CSS pixels from its top left corner.
type Clip struct {
	X, Y, Width, Height float64
}

// Screenshot returns a PNG image of the tab's viewport (the whole page with o.FullPage, the
// rectangle o.Clip), one image pixel per CSS pixel, as Playwright's page.screenshot: to attach
// to the flow's report (F.Attach), or to check in Go. Password fields are painted over, as in
// every image e2e takes. ExpectPage().ToHaveScreenshot is the way to compare with a baseline.
//
//	png := f.Tab.Screenshot(pages.PageScreenshotOptions{FullPage: true})
//	f.Attach("cart", "image/png", png)
func (tab *Tab) Screenshot(o ...PageScreenshotOptions) []byte {
	var opt PageScreenshotOptions
	if len(o) > 0 {
		opt = o[0]
	}
	what := "screenshot"
	switch {
	case opt.Clip != nil:
		c := opt.Clip
		if c.Width <= 0 || c.Height <= 0 {
			tab.must(fmt.Errorf("%s: screenshot: Clip %gx%g has no area: give it a Width and a Height", tabLabel, c.Width, c.Height))
		}
		what = fmt.Sprintf("screenshot of (%g, %g) %gx%g", c.X, c.Y, c.Width, c.Height)
	case opt.FullPage:
		what = "screenshot of the full page"
	}
	var png []byte
	tab.must(tab.act(tabLabel, what, func(p *rod.Page) error {
		so, err := tab.shotOptions(p, ScreenshotOptions{Mask: opt.Mask, MaskColor: opt.MaskColor, FullPage: opt.FullPage,
			Animations: !opt.StopAnimations}, nil)
		if err != nil {
			return err
		}
		if c := opt.Clip; c != nil {
			so.Clip = &browser.Clip{X: c.X, Y: c.Y, Width: c.Width, Height: c.Height}
		}
		png, err = browser.Shooter(tab.page, so)(p.GetContext(), 0)
		if err != nil {
			return fmt.Errorf("screenshot: %w", err)
		}
		return nil
	}))
	return png
}
