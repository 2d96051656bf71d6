package pages_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/internal/testfail"
	"github.com/e2e-dev/e2e/pages"
)

// visualTab opens the visual fixture in a tab failing ft, its baselines in dir under update.
func visualTab(t *testing.T, ft *testfail.T, base, dir, update string, keep func(pages.ImageDiff)) *pages.Tab {
	b := fixture.NewTestBrowser(t)
	tab := openFixtureAs(t, ft, b, "/visual.html", pages.TabOptions{BaseURL: base, Timeout: 3 * time.Second,
		Snapshots: pages.Snapshots{Dir: dir, Update: update, Suite: "fixture", Flow: "Card › looks right", Keep: keep}})
	tab.Rod().MustSetViewport(480, 320, 1, false)
	return tab
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	return img
}

// A screenshot check writes its missing baseline and fails the flow going on, passes against
// it, fails with the images kept when the element moved, and is written again under "all".
func TestToHaveScreenshot(t *testing.T) {
	base := serveFixture(t)
	dir := t.TempDir()
	var kept []pages.ImageDiff
	ft := &testfail.T{}
	tab := visualTab(t, ft, base, dir, "missing", func(d pages.ImageDiff) { kept = append(kept, d) })
	card := tab.Locator("#card")
	baseline := filepath.Join(dir, "fixture", "Card-looks-right", "card-"+runtime.GOOS+".png")

	after := false
	msg := ft.Run(func() {
		pages.Expect(card).ToHaveScreenshot("card")
		after = true
	})
	require.Equal(t, `page: screenshot "card": no baseline at `+baseline+`: wrote the screenshot there; check it, keep it with the suite, and run again`, msg)
	require.True(t, after, "a written baseline fails the flow, which goes on")
	require.Len(t, kept, 1)
	require.Nil(t, kept[0].Expected)
	require.Equal(t, image.Pt(200, 80), decodePNG(t, kept[0].Actual).Bounds().Size())
	shot, err := os.ReadFile(baseline)
	require.NoError(t, err)
	require.Equal(t, kept[0].Actual, shot)

	msg = ft.Run(func() {
		pages.Expect(card).ToHaveScreenshot("card")
		pages.Expect(card).ToHaveScreenshot("card.png") // the extension is the name's own
		pages.ExpectPage(tab).ToHaveScreenshot("page", pages.ScreenshotOptions{Mask: []*pages.Locator{tab.Locator("#clock")}})
	})
	require.True(t, strings.HasPrefix(msg, `page: screenshot "page": no baseline at `), "the card matched; the page's baseline was written: %s", msg)
	kept = nil
	require.Empty(t, ft.Run(func() { // the clock changes: masked, it does not count
		tab.Evaluate(`() => { document.getElementById("clock").style.background = "#00c" }`)
		pages.ExpectPage(tab).ToHaveScreenshot("page", pages.ScreenshotOptions{Mask: []*pages.Locator{tab.Locator("#clock")}})
	}))

	// The price moves 12px: 480 pixels differ (20 high, 12 on each side of the move).
	tab.Evaluate(`() => { document.getElementById("price").style.left = "42px" }`)
	after = false
	msg = ft.Run(func() {
		pages.Expect(card).ToHaveScreenshot("card")
		after = true
	})
	require.Equal(t, `page: screenshot "card": the screenshot differs from `+baseline+`: 480 pixels (ratio 0.03 of all image pixels) are different`, msg)
	require.False(t, after, "a mismatch ends the flow")
	require.Len(t, kept, 1)
	require.Equal(t, shot, kept[0].Expected)
	require.NotNil(t, kept[0].Diff)
	require.NotEqual(t, shot, kept[0].Actual)

	require.Empty(t, ft.Run(func() {
		pages.Expect(card).ToHaveScreenshot("card", pages.ScreenshotOptions{MaxDiffPixels: 480})
		pages.Expect(card).ToHaveScreenshot("card", pages.ScreenshotOptions{MaxDiffPixelRatio: 0.03})
		pages.Expect(card).Not().ToHaveScreenshot("card")
	}))
	msg = ft.Run(func() { pages.Expect(card).ToHaveScreenshot("card", pages.ScreenshotOptions{MaxDiffPixels: 479}) })
	require.Contains(t, msg, "480 pixels")

	// --update-snapshots all: written again, and it passes.
	all := visualTab(t, ft, base, dir, "all", nil)
	all.Evaluate(`() => { document.getElementById("price").style.left = "42px" }`)
	require.Empty(t, ft.Run(func() { pages.Expect(all.Locator("#card")).ToHaveScreenshot("card") }))
	now, err := os.ReadFile(baseline)
	require.NoError(t, err)
	require.NotEqual(t, shot, now)
	require.Empty(t, ft.Run(func() { pages.Expect(card).ToHaveScreenshot("card") }))

	// none: a missing baseline fails, and nothing is written.
	none := visualTab(t, ft, base, dir, "none", nil)
	msg = ft.Run(func() { pages.Expect(none.Locator("#card")).ToHaveScreenshot("other") })
	require.True(t, strings.HasSuffix(msg, "other-"+runtime.GOOS+".png: run with --update-snapshots missing (or all) to write it"), msg)
	require.NoFileExists(t, filepath.Join(dir, "fixture", "Card-looks-right", "other-"+runtime.GOOS+".png"))
}

// The page's screenshot: the viewport, or the whole page; animations stopped and the password
// masked in both.
func TestToHaveScreenshotPage(t *testing.T) {
	base := serveFixture(t)
	dir := t.TempDir()
	ft := &testfail.T{}
	var kept []pages.ImageDiff
	tab := visualTab(t, ft, base, dir, "missing", func(d pages.ImageDiff) { kept = append(kept, d) })
	ft.Run(func() {
		pages.ExpectPage(tab).ToHaveScreenshot("viewport")
		pages.ExpectPage(tab).ToHaveScreenshot("full", pages.ScreenshotOptions{FullPage: true})
	})
	require.Len(t, kept, 2)
	view, full := decodePNG(t, kept[0].Actual), decodePNG(t, kept[1].Actual)
	require.Equal(t, image.Pt(480, 320), view.Bounds().Size())
	require.Equal(t, 1520, full.Bounds().Dy())
	r, g, bl, _ := view.At(405, 125).RGBA()
	require.Equal(t, [3]uint32{0xffff, 0, 0xffff}, [3]uint32{r, g, bl}, "the password field is masked")
	require.Empty(t, ft.Run(func() {
		pages.ExpectPage(tab).ToHaveScreenshot("viewport") // the spinner is stopped each time
	}))
	msg := ft.Run(func() { pages.ExpectPage(tab).ToHaveScreenshot("*") })
	require.Equal(t, `page: screenshot "*": the name "*" has no letter or digit: give the check a name such as "catalogue"`, msg)
}

// A screenshot has one pixel per CSS pixel whatever the tab's device pixel ratio, unless
// DeviceScale asks for one per device pixel.
func TestToHaveScreenshotScale(t *testing.T) {
	base := serveFixture(t)
	ft := &testfail.T{}
	var kept []pages.ImageDiff
	tab := visualTab(t, ft, base, t.TempDir(), "missing", func(d pages.ImageDiff) { kept = append(kept, d) })
	tab.Rod().MustSetViewport(480, 320, 2, false)
	ft.Run(func() {
		pages.ExpectPage(tab).ToHaveScreenshot("css")
		pages.Expect(tab.Locator("#card")).ToHaveScreenshot("card")
		pages.ExpectPage(tab).ToHaveScreenshot("device", pages.ScreenshotOptions{DeviceScale: true})
		pages.Expect(tab.Locator("#card")).ToHaveScreenshot("card-device", pages.ScreenshotOptions{DeviceScale: true})
	})
	require.Len(t, kept, 4)
	sizes := []image.Point{}
	for _, k := range kept {
		sizes = append(sizes, decodePNG(t, k.Actual).Bounds().Size())
	}
	require.Equal(t, []image.Point{{480, 320}, {200, 80}, {960, 640}, {400, 160}}, sizes)
	require.Empty(t, ft.Run(func() { pages.ExpectPage(tab).ToHaveScreenshot("css") }), "the baseline written at CSS scale matches")
}

// Style applies while the screenshots are taken, and is gone after.
func TestToHaveScreenshotStyle(t *testing.T) {
	base := serveFixture(t)
	ft := &testfail.T{}
	var kept []pages.ImageDiff
	tab := visualTab(t, ft, base, t.TempDir(), "missing", func(d pages.ImageDiff) { kept = append(kept, d) })
	ft.Run(func() {
		pages.ExpectPage(tab).ToHaveScreenshot("plain")
		pages.ExpectPage(tab).ToHaveScreenshot("styled", pages.ScreenshotOptions{Style: "#clock { visibility: hidden } #card { top: 150px }"})
	})
	require.Len(t, kept, 2)
	plain, styled := decodePNG(t, kept[0].Actual), decodePNG(t, kept[1].Actual)
	rgb := func(img image.Image, x, y int) [3]uint32 {
		r, g, b, _ := img.At(x, y).RGBA()
		return [3]uint32{r >> 8, g >> 8, b >> 8}
	}
	require.Equal(t, [3]uint32{0xcc, 0, 0}, rgb(plain, 250, 25), "the clock")
	require.Equal(t, [3]uint32{0xff, 0xff, 0xff}, rgb(styled, 250, 25), "the clock, hidden by the style")
	require.Equal(t, [3]uint32{0, 0xaa, 0}, rgb(plain, 25, 95), "the card's left edge")
	require.Equal(t, [3]uint32{0xff, 0xff, 0xff}, rgb(styled, 25, 95), "the card, moved by the style")
	require.Equal(t, [3]uint32{0, 0xaa, 0}, rgb(styled, 25, 225), "the card, moved by the style")
	require.Empty(t, ft.Run(func() {
		pages.Expect(tab.Locator("#clock")).ToBeVisible()
		pages.ExpectPage(tab).ToHaveScreenshot("plain")
	}), "the style is gone after the check")
}

// The run's tolerance (snapshots.max_diff_pixels, ...) applies to the checks that set none; a
// check's own wins.
func TestToHaveScreenshotRunTolerance(t *testing.T) {
	base := serveFixture(t)
	dir := t.TempDir()
	ft := &testfail.T{}
	tab := visualTab(t, ft, base, dir, "missing", nil)
	ft.Run(func() { pages.Expect(tab.Locator("#card")).ToHaveScreenshot("card") }) // writes the baseline
	b := fixture.NewTestBrowser(t)
	loose := openFixtureAs(t, ft, b, "/visual.html", pages.TabOptions{BaseURL: base, Timeout: 3 * time.Second,
		Snapshots: pages.Snapshots{Dir: dir, Update: "none", Suite: "fixture", Flow: "Card › looks right", MaxDiffPixels: 480}})
	loose.Rod().MustSetViewport(480, 320, 1, false)
	loose.Evaluate(`() => { document.getElementById("price").style.left = "42px" }`) // 480 pixels differ
	require.Empty(t, ft.Run(func() { pages.Expect(loose.Locator("#card")).ToHaveScreenshot("card") }))
	msg := ft.Run(func() {
		pages.Expect(loose.Locator("#card")).ToHaveScreenshot("card", pages.ScreenshotOptions{MaxDiffPixels: 479})
	})
	require.Contains(t, msg, "480 pixels (ratio 0.03 of all image pixels) are different")
}
