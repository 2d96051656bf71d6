package reportpage_test

import (
	"bytes"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/internal/reportpage"
	"github.com/e2e-dev/e2e/pages"
)

// The colours of the test's expected, actual and diff images.
var (
	expectedRed = color.RGBA{200, 30, 30, 255}
	actualBlue  = color.RGBA{30, 30, 200, 255}
	diffYellow  = color.RGBA{230, 220, 20, 255}
)

// The report shows a failed screenshot check's expected, actual and diff images side by side,
// and expected and actual under a slider moved with the keyboard: what the slider shows, hit
// and painted, changes with it.
func TestReportImageDiffInChromium(t *testing.T) {
	msg := `catalogue: screenshot "card": the screenshot differs from snapshots/shop/catalogue/card-linux.png: 480 pixels (ratio 0.03 of all image pixels) are different`
	tab, rp := openImageDiffs(t, map[string]color.RGBA{"card-expected.png": expectedRed, "card-actual.png": actualBlue, "card-diff.png": diffYellow, "new-actual.png": actualBlue},
		report.ImageDiff{Name: "card", Message: msg, Expected: "catalogue/card-expected.png", Actual: "catalogue/card-actual.png", Diff: "catalogue/card-diff.png"},
		report.ImageDiff{Name: "new", Message: "no baseline", Actual: "catalogue/new-actual.png"})
	diffs := rp.ImageDiffs("catalogue")
	require.Len(t, diffs, 2)
	require.Equal(t, reportpage.ImageDiff{Name: "card", Mode: "side", Expected: true, Actual: true, Diff: true, Over: 0, Whole: 0}, diffs[0],
		"side by side; the slider is hidden")
	require.Equal(t, reportpage.ImageDiff{Name: "new", Mode: "side", Actual: true}, diffs[1], "a written baseline: the actual alone")
	require.Empty(t, rp.ShownAt("catalogue", "card", 0.5).Image, "no slider side by side")

	rp.Slide("catalogue", "card", "End")
	d := rp.ImageDiffs("catalogue")[0]
	require.Equal(t, "slider", d.Mode)
	require.False(t, d.Expected || d.Actual || d.Diff, "the side-by-side view is hidden")
	require.True(t, d.Slider)
	require.Equal(t, 64.0, d.Whole)
	require.InDelta(t, 64.0, d.Over, 0.5, "End: all actual")
	requireShows(t, tab, rp, map[float64]string{0.1: "Actual", 0.9: "Actual"})

	rp.Slide("catalogue", "card", "Home")
	require.InDelta(t, 0.0, rp.ImageDiffs("catalogue")[0].Over, 0.5, "Home: all expected")
	requireShows(t, tab, rp, map[float64]string{0.1: "Expected", 0.9: "Expected"})
	for range 16 {
		rp.Slide("catalogue", "card", "ArrowRight")
	}
	require.InDelta(t, 64*0.16, rp.ImageDiffs("catalogue")[0].Over, 1, "sixteen steps of one percent")
	requireShows(t, tab, rp, map[float64]string{0.05: "Actual", 0.3: "Expected", 0.9: "Expected"})
}

// A check with no baseline has no slider: sliding it fails the flow, naming the button.
func TestReportImageDiffWithoutSliderFails(t *testing.T) {
	tab, rp := openImageDiffs(t, map[string]color.RGBA{"new-actual.png": actualBlue},
		report.ImageDiff{Name: "new", Message: "no baseline", Actual: "catalogue/new-actual.png"})
	tab.SetDefaultTimeout(500 * time.Millisecond) // what must fail waits briefly
	err := tab.Try(func() { rp.Slide("catalogue", "new", "End") })
	require.Error(t, err)
	require.Equal(t, `report: button "Slider" inside screenshot check "new" not found after 500ms; closest: button "All 1", button "Passed 0", button "Failed 1"`, err.Error())
}

// openImageDiffs writes the report of a failed flow "catalogue" whose attempt has the
// screenshot checks diffs, its images of one colour each named in pngs, opens it in Chromium and
// expands the flow.
func openImageDiffs(t *testing.T, pngs map[string]color.RGBA, diffs ...report.ImageDiff) (*pages.Tab, *reportpage.Page) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "catalogue"), 0o755))
	for f, c := range pngs {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "catalogue", f), solidPNG(t, c), 0o644))
	}
	msg := diffs[0].Message
	r := &report.RunReport{Status: report.StatusFailed, Flows: []report.FlowReport{{ID: "catalogue", Name: "catalogue", Status: report.StatusFailed, Error: msg,
		Attempts: []report.AttemptReport{{Status: report.StatusFailed, Dir: "catalogue", Failure: &report.Failure{Message: msg}, ImageDiffs: diffs}}}}}
	r.Totals.Add(report.StatusFailed)
	index := filepath.Join(dir, "index.html")
	require.NoError(t, report.NewHTMLReporter(index).RunEnded(r))
	tab := reportpage.LaunchTab(t, 10*time.Second)
	rp := reportpage.New(tab)
	rp.OpenFile(index)
	rp.Expand("catalogue")
	return tab, rp
}

// requireShows checks what the slider of check "card" shows at fractions of its width: the
// image on top there, and the colour Chromium painted there.
func requireShows(t *testing.T, tab *pages.Tab, rp *reportpage.Page, want map[float64]string) {
	t.Helper()
	colours := map[string]color.RGBA{"Expected": expectedRed, "Actual": actualBlue}
	for frac, image := range want {
		s := rp.ShownAt("catalogue", "card", frac)
		require.Equal(t, image, s.Image, "at %.2f of the slider's width", frac)
		shot, err := tab.Rod().Screenshot(false, &proto.PageCaptureScreenshot{Format: proto.PageCaptureScreenshotFormatPng,
			Clip: &proto.PageViewport{X: s.X, Y: s.Y, Width: 1, Height: 1, Scale: 1}})
		require.NoError(t, err)
		img, err := png.Decode(bytes.NewReader(shot))
		require.NoError(t, err)
		require.Equal(t, colours[image], color.RGBAModel.Convert(img.At(0, 0)), "painted at %.2f of the slider's width", frac)
	}
}
