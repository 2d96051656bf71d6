package pages_test

import (
	"bytes"
	"image"
	"image/png"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// TestHighlightDrawsItsOverlay fills a field with highlighting on and off: only with it does a
// screenshot show the overlay's colour around the field, and the label names the step.
func TestHighlightDrawsItsOverlay(t *testing.T) {
	srv := fixture.NewTestShop(t)
	b := fixture.NewTestBrowser(t)
	for _, on := range []bool{false, true} {
		inc, page := freshPage(t, b)
		o := pages.TabOptions{BaseURL: srv.URL, Timeout: 10 * time.Second}
		if on {
			o.Highlight = browser.Highlight
		}
		s := pages.NewTab(t, page, o)
		s.Goto("/signup")
		s.GetByLabel("Username").OnPage("signup page").Fill("ann")

		shot, err := page.Screenshot(false, &proto.PageCaptureScreenshot{Format: proto.PageCaptureScreenshotFormatPng})
		require.NoError(t, err)
		img, err := png.Decode(bytes.NewReader(shot))
		require.NoError(t, err)
		n := overlayPixels(img)
		if on {
			require.Greater(t, n, 200, "the outline shows in the screenshot")
			label, err := page.Eval(`() => document.getElementById("__e2e_highlight").textContent`)
			require.NoError(t, err)
			require.Equal(t, `signup page: field labelled "Username"`, label.Value.Str())
		} else {
			require.Zero(t, n, "no outline without --highlight")
		}
		require.NoError(t, inc.Close())
	}
}

// overlayPixels counts the pixels of the highlight's colour (#e5007a).
func overlayPixels(img image.Image) int {
	n := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 > 200 && g>>8 < 40 && b>>8 > 90 && b>>8 < 150 {
				n++
			}
		}
	}
	return n
}
