package pages

import (
	_ "embed"
	"fmt"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// viewportJS reads what SetViewportSize keeps of the emulated device.
//
//go:embed viewport.js
var viewportJS string

// SetViewportSize resizes the tab's viewport to width x height CSS pixels, as Playwright's
// page.setViewportSize: the page is laid out again at that size (its media queries apply), and
// stays so until the next call. The device pixel ratio is kept, and so is a mobile device's
// emulation (told by its user agent, as a project's device sets it).
//
//	f.Tab.SetViewportSize(375, 667) // a phone's width: the menu folds away
func (tab *Tab) SetViewportSize(width, height int) {
	if width <= 0 || height <= 0 {
		tab.must(fmt.Errorf("%s: set viewport size %dx%d: give a width and a height of 1 or more", tabLabel, width, height))
	}
	tab.must(tab.act(tabLabel, fmt.Sprintf("set viewport size %dx%d", width, height), func(p *rod.Page) error {
		res, err := p.Evaluate(rod.Eval(viewportJS))
		if err != nil {
			return fmt.Errorf("set viewport size: read the device: %w", err)
		}
		dpr := res.Value.Get("dpr").Num()
		if dpr <= 0 {
			dpr = 1
		}
		return proto.EmulationSetDeviceMetricsOverride{Width: width, Height: height, DeviceScaleFactor: dpr,
			Mobile: res.Value.Get("mobile").Bool()}.Call(p)
	}))
}
