package pages_test

import (
	"image"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// A locator's bounding box is relative to the main frame's viewport (scrolled, in a frame), and
// there is none for a hidden element.
func TestLocatorBoundingBox(t *testing.T) {
	base := serveFixture(t)
	tab := openFixture(t, fixture.NewTestBrowser(t), base, "/extras.html", 2*time.Second)
	tab.SetViewportSize(480, 320)

	box, ok := tab.Locator("#login").BoundingBox()
	require.True(t, ok)
	require.Equal(t, pages.Box{X: 20, Y: 30, Width: 260, Height: 100}, box)
	box, ok = tab.Locator("#inner").BoundingBox()
	require.True(t, ok, "an element of a frame has a box")
	require.Equal(t, pages.Box{X: 310, Y: 55, Width: 30, Height: 20}, box)

	tab.Evaluate(`() => window.scrollTo(0, 50)`)
	box, _ = tab.Locator("#login").BoundingBox()
	require.Equal(t, pages.Box{X: 20, Y: -20, Width: 260, Height: 100}, box, "relative to the viewport, scrolled")

	_, ok = tab.Locator("#hidden").BoundingBox()
	require.False(t, ok, "a hidden element has no box")
	tab.SetDefaultTimeout(300 * time.Millisecond)
	require.Equal(t, `page: css "#nope" not found after 300ms`, failure(tab, func() { tab.Locator("#nope").BoundingBox() }))
}

// An element's screenshot is its box, with the password fields in it painted over.
func TestLocatorScreenshot(t *testing.T) {
	base := serveFixture(t)
	log := steps.NewStepLog()
	tab := openFixtureWith(t, fixture.NewTestBrowser(t), "/extras.html", pages.TabOptions{BaseURL: base, Timeout: 2 * time.Second, Steps: log})
	tab.SetViewportSize(480, 320)

	img := decodePNG(t, tab.Locator("#login").Screenshot())
	require.Equal(t, image.Pt(260, 100), img.Bounds().Size())
	require.Equal(t, color.NRGBA{0x00, 0xff, 0x00, 0xff}, nrgba(img, 5, 5))
	require.Equal(t, color.NRGBA{0xff, 0x00, 0xff, 0xff}, nrgba(img, 120, 50), "the password field is painted over")
	field := decodePNG(t, tab.GetByLabel("Password", pages.Exact()).Screenshot())
	require.Equal(t, image.Pt(200, 40), field.Bounds().Size())
	for _, pt := range []image.Point{{1, 1}, {100, 20}, {198, 38}} {
		require.Equal(t, color.NRGBA{0xff, 0x00, 0xff, 0xff}, nrgba(field, pt.X, pt.Y), "no pixel of the password shows")
	}

	masked := decodePNG(t, tab.Locator("#list").Screenshot(pages.LocatorScreenshotOptions{
		Mask: []*pages.Locator{tab.GetByText("two")}, MaskColor: "#000000"}))
	second, _ := tab.GetByText("two").BoundingBox()
	list, _ := tab.Locator("#list").BoundingBox()
	require.Equal(t, color.NRGBA{0, 0, 0, 0xff}, nrgba(masked, int(second.X-list.X)+2, int(second.Y-list.Y)+2))

	tab.Evaluate(`() => window.scrollTo(0, 0)`)
	inner := decodePNG(t, tab.Locator("#inner").Screenshot())
	require.Equal(t, image.Pt(30, 20), inner.Bounds().Size(), "an element of a frame")
	require.Equal(t, color.NRGBA{0, 0, 0xff, 0xff}, nrgba(inner, 15, 10))
	frame := decodePNG(t, tab.Locator("iframe").Screenshot())
	require.Equal(t, color.NRGBA{0xff, 0x00, 0xff, 0xff}, nrgba(frame, 60, 55), "a frame's password field is painted over")
	tab.SetDefaultTimeout(300 * time.Millisecond)
	require.Equal(t, `page: css "#hidden" not visible after 300ms`, failure(tab, func() { tab.Locator("#hidden").Screenshot() }))
	require.Contains(t, stepNames(log), `page: screenshot css "#login"`)
	require.Equal(t, "", tab.Evaluate(`() => document.querySelector("[data-e2e-mask]") ? "left" : ""`).Str(), "no mask is left")
}

// Evaluate runs a function on the one element, EvaluateAll on all matches at once.
func TestLocatorEvaluate(t *testing.T) {
	base := serveFixture(t)
	log := steps.NewStepLog()
	tab := openFixtureWith(t, fixture.NewTestBrowser(t), "/extras.html", pages.TabOptions{BaseURL: base, Timeout: 2 * time.Second, Steps: log})

	list := tab.Locator("#list")
	require.Equal(t, 3, list.Evaluate(`(ul, tag) => ul.querySelectorAll(tag).length`, "li").Int())
	require.Equal(t, "list", list.Evaluate(`async (el) => { await new Promise(r => setTimeout(r, 10)); return el.id; };`).Str())
	require.Equal(t, "hidden", tab.Locator("#hidden").Evaluate(`(p) => p.id`).Str(), "visible or not")
	require.Equal(t, `page: evaluate (ul) => { throw new Error("boom") } on css "#list": Error: boom`,
		failure(tab, func() { list.Evaluate(`(ul) => { throw new Error("boom") }`) }))

	require.Equal(t, "one|two|three", tab.Locator("#list li").EvaluateAll(`(els, sep) => els.map(e => e.textContent).join(sep)`, "|").Str())
	require.Equal(t, 3, tab.GetByRole("listitem").EvaluateAll(`els => els.length`).Int(), "role locators too")
	require.Equal(t, 1, tab.Locator("#inner").EvaluateAll(`els => els.length`).Int(), "into frames")
	require.Equal(t, 0, tab.Locator("#nope").EvaluateAll(`els => els.length`).Int(), "nothing matching does not wait")
	require.Contains(t, stepNames(log), `page: evaluate (ul, tag) => ul.querySelectorAll(tag).length on css "#list"`)
	require.True(t, strings.HasPrefix(failure(tab, func() { tab.Locator("li").EvaluateAll(`els => els.nope()`) }),
		`page: evaluate els => els.nope() on all of css "li": TypeError: els.nope is not a function`))
}
