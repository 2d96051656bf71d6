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

// inputLog returns and clears what the input fixture saw, one event a string.
func inputLog(tab *pages.Tab) []string {
	var out []string
	for _, v := range tab.Evaluate(`() => log.splice(0)`).Arr() {
		out = append(out, v.Str())
	}
	return out
}

// The keyboard sends keys where the focus is, chords and held modifiers among them, as steps,
// and the step log never shows what is typed into a password field.
func TestTabKeyboard(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	log := steps.NewStepLog()
	tab := openFixtureWith(t, b, "/input.html", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second, Steps: log,
		SensitiveField: func(name string) bool { return name == "Name" }})
	kb := tab.Keyboard()

	tab.Locator("#pw").Focus()
	kb.Type("hunter2")
	pages.Expect(tab.Locator("#pw")).ToHaveValue("hunter2")
	kb.Press("Control+A")
	kb.Press("Backspace")
	pages.Expect(tab.Locator("#pw")).ToHaveValue("")
	inputLog(tab)

	kb.Down("Shift")
	kb.Press("a")
	kb.Type("b")
	kb.Up("Shift")
	kb.Type("c")
	pages.Expect(tab.Locator("#pw")).ToHaveValue("ABc")
	require.Equal(t, []string{"keydown Shift S", "keydown A S", "keyup A S", "keydown B S", "keyup B S", "keyup Shift",
		"keydown c", "keyup c"}, inputLog(tab))

	tab.Locator("#name").Focus()
	kb.InsertText("ann")
	pages.Expect(tab.Locator("#name")).ToHaveValue("ann")
	kb.Down("Shift")
	tab.Locator("#name").PressSequentially("e")
	kb.Up("Shift")
	pages.Expect(tab.Locator("#name")).ToHaveValue("annE") // a locator's keys carry the modifiers the keyboard holds
	tab.Evaluate(`() => document.activeElement.blur()`)
	kb.Type("xyz") // nowhere to go, but shown
	require.Equal(t, `page: keyboard up "Shift": the key is not down: press it with Keyboard().Down first`, failure(tab, func() { kb.Up("Shift") }))
	require.Contains(t, failure(tab, func() { kb.Press("Hyper+x") }), `page: keyboard press "Hyper+x": unknown key "Hyper"`)
	require.Equal(t, `page: keyboard down "Shift+a": one key at a time, not a chord: Down each key in turn, or Press "Shift+a"`,
		failure(tab, func() { kb.Down("Shift+a") }))

	names := stepNames(log)
	require.Contains(t, names, `page: keyboard type "***"`)
	require.Contains(t, names, `page: keyboard insert text "***"`, "a field SensitiveField names is masked too")
	require.Contains(t, names, `page: keyboard type "xyz"`)
	require.Contains(t, names, `page: keyboard press "Control+A"`)
	require.Contains(t, names, `page: keyboard down "Shift"`)
	for _, n := range names {
		if strings.HasPrefix(n, "page: keyboard") {
			require.NotContains(t, n, "hunter2")
		}
	}
}

// The mouse clicks, drags and scrolls at points of the viewport, with the modifiers the keyboard
// holds.
func TestTabMouse(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	log := steps.NewStepLog()
	tab := openFixtureWith(t, b, "/input.html", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second, Steps: log})
	tab.Rod().MustSetViewport(480, 320, 1, false)
	m := tab.Mouse()

	m.Click(50, 170)
	require.Equal(t, []string{"mousedown 50,50 b0 d1", "mouseup 50,50 b0 d1", "click 50,50 b0 d1"}, inputLog(tab))
	m.Click(60, 180, pages.MouseOptions{ClickCount: 2})
	require.Equal(t, []string{"mousedown 60,60 b0 d1", "mouseup 60,60 b0 d1", "click 60,60 b0 d1",
		"mousedown 60,60 b0 d2", "mouseup 60,60 b0 d2", "click 60,60 b0 d2", "dblclick 60,60 b0 d2"}, inputLog(tab))
	m.Click(10, 130, pages.MouseOptions{Button: "right"})
	require.ElementsMatch(t, []string{"mousedown 10,10 b2 d1", "contextmenu 10,10 b2 d0", "mouseup 10,10 b2 d1"}, inputLog(tab), "contextmenu comes at mousedown or mouseup, by platform")

	tab.Keyboard().Down("Shift")
	m.Move(20, 140)
	m.Down()
	m.Move(40, 150)
	m.Up()
	tab.Keyboard().Up("Shift")
	require.Equal(t, []string{"keydown Shift S", "mousedown 20,20 b0 d1 S", "drag 40,30 bs1", "mouseup 40,30 b0 d1 S", "click 40,30 b0 d1 S", "keyup Shift"}, inputLog(tab))

	m.Wheel(0, 200)
	require.Eventually(t, func() bool { return len(tab.Evaluate(`() => log`).Arr()) > 0 }, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, []string{"wheel 0,200"}, inputLog(tab))
	require.Eventually(t, func() bool { return tab.Evaluate(`() => scrollY`).Int() == 200 }, 5*time.Second, 10*time.Millisecond)

	require.Equal(t, `page: mouse click: unknown button "back": "left", "right" or "middle"`, failure(tab, func() { m.Click(1, 1, pages.MouseOptions{Button: "back"}) }))
	names := stepNames(log)
	for _, want := range []string{"page: mouse click at (50, 170)", "page: mouse right click at (10, 130)", "page: mouse move to (20, 140)",
		"page: mouse down", "page: mouse up", "page: mouse wheel by (0, 200)"} {
		require.Contains(t, names, want)
	}
}

// SetViewportSize lays the page out again at the size given.
func TestTabSetViewportSize(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	tab := openFixture(t, b, base, "/input.html", 5*time.Second)
	tab.SetViewportSize(800, 600)
	pages.Expect(tab.GetByText("Narrow layout")).ToBeHidden()
	tab.SetViewportSize(400, 300)
	pages.Expect(tab.GetByText("Narrow layout")).ToBeVisible()
	require.Equal(t, "400x300", tab.Evaluate(`() => innerWidth + "x" + innerHeight`).Str())
	require.Equal(t, `page: set viewport size 0x300: give a width and a height of 1 or more`, failure(tab, func() { tab.SetViewportSize(0, 300) }))
}

// Screenshot takes the viewport, the whole page or a rectangle, as PNG, with the password fields
// painted over.
func TestTabScreenshot(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	log := steps.NewStepLog()
	tab := openFixtureWith(t, b, "/input.html", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second, Steps: log})
	tab.SetViewportSize(480, 320)
	tab.Locator("#pw").Fill("hunter2")

	img := decodePNG(t, tab.Screenshot())
	require.Equal(t, image.Pt(480, 320), img.Bounds().Size())
	require.Equal(t, color.NRGBA{0xff, 0x00, 0xff, 0xff}, nrgba(img, 100, 30), "the password field is painted over")
	require.Equal(t, color.NRGBA{0x00, 0xff, 0x00, 0xff}, nrgba(img, 100, 200))

	full := decodePNG(t, tab.Screenshot(pages.PageScreenshotOptions{FullPage: true}))
	require.Equal(t, 2000, full.Bounds().Dy())
	require.Equal(t, color.NRGBA{0x00, 0x00, 0xff, 0xff}, nrgba(full, 5, 1900))
	require.Equal(t, color.NRGBA{0xff, 0x00, 0xff, 0xff}, nrgba(full, 100, 30))

	clip := decodePNG(t, tab.Screenshot(pages.PageScreenshotOptions{Clip: &pages.Clip{X: 0, Y: 0, Width: 100, Height: 60},
		Mask: []*pages.Locator{tab.Locator("#name")}, MaskColor: "#000000"}))
	require.Equal(t, image.Pt(100, 60), clip.Bounds().Size())
	require.Equal(t, color.NRGBA{0xff, 0x00, 0xff, 0xff}, nrgba(clip, 50, 30))
	masked := decodePNG(t, tab.Screenshot(pages.PageScreenshotOptions{Mask: []*pages.Locator{tab.Locator("#name")}, MaskColor: "#000000"}))
	require.Equal(t, color.NRGBA{0, 0, 0, 0xff}, nrgba(masked, 300, 30))

	require.Equal(t, `page: screenshot: Clip 0x10 has no area: give it a Width and a Height`,
		failure(tab, func() { tab.Screenshot(pages.PageScreenshotOptions{Clip: &pages.Clip{Height: 10}}) }))
	require.Contains(t, stepNames(log), "page: screenshot of the full page")
	require.Contains(t, stepNames(log), "page: screenshot of (0, 0) 100x60")
	require.Equal(t, "", tab.Evaluate(`() => [...document.querySelectorAll("[data-e2e-mask]")].length ? "left" : ""`).Str(), "no mask is left")
}

func nrgba(img image.Image, x, y int) color.NRGBA {
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
}
