package browser

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/visual"
)

// shotPage has an infinite animation, a running transition, a focused field with a caret, a
// password, an element to mask, and content beyond the viewport.
const shotPage = `<!doctype html><html><head><style>
body { margin: 0; background: #fff; }
@keyframes spin { to { transform: rotate(360deg); } }
#spinner { position: absolute; left: 10px; top: 10px; width: 40px; height: 40px; background: #08f; animation: spin 0.5s linear infinite; }
#card { position: absolute; left: 100px; top: 20px; width: 120px; height: 60px; background: #0a0; }
#secret { position: absolute; left: 10px; top: 120px; width: 150px; height: 24px; }
#name { position: absolute; left: 200px; top: 120px; width: 150px; height: 24px; }
#ad { position: absolute; left: 10px; top: 200px; width: 50px; height: 50px; background: #f80; }
#tall { position: absolute; top: 1900px; height: 100px; width: 10px; background: #000; }
</style></head><body>
<div id="spinner"></div><div id="card"></div>
<input id="secret" type="password" value="hunter22"><input id="name" value="ann">
<div id="ad"></div><div id="tall"></div>
<script>document.getElementById("name").focus()</script>
</body></html>`

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	return img
}

func rgb(img image.Image, x, y int) color.NRGBA {
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
}

func TestShooterStableMaskedAndClipped(t *testing.T) {
	_, p := openHTMLPage(t, shotPage)
	require.NoError(t, p.SetViewport(&proto.EmulationSetDeviceMetricsOverride{DeviceScaleFactor: 1, Width: 400, Height: 300}))
	ad, err := p.Element("#ad")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	// The viewport: the animation is stopped, so two screenshots in a row are the same.
	shoot := Shooter(p, ShotOptions{Mask: []*rod.Element{ad}})
	a, err := shoot(ctx, 0)
	require.NoError(t, err)
	b, err := shoot(ctx, 100*time.Millisecond)
	require.NoError(t, err)
	require.Equal(t, a, b, "stopped animations and a hidden caret give the same image twice")
	img := decodePNG(t, a)
	require.Equal(t, image.Pt(400, 300), img.Bounds().Size())
	require.Equal(t, color.NRGBA{255, 0, 255, 255}, rgb(img, 20, 130), "the password is masked")
	require.Equal(t, color.NRGBA{255, 0, 255, 255}, rgb(img, 30, 220), "the mask is painted")
	require.Equal(t, color.NRGBA{0, 170, 0, 255}, rgb(img, 150, 40))

	// Everything is undone: no mask left, the animation runs again.
	n, err := p.Eval(`() => document.querySelectorAll("[data-e2e-mask]").length + ":" + document.getAnimations().filter((a) => a.playState === "running").length`)
	require.NoError(t, err)
	require.Equal(t, "0:1", n.Value.Str())

	// Allowed to run, the spinner makes two screenshots differ.
	moving := Shooter(p, ShotOptions{Animations: true})
	a, err = moving(ctx, 0)
	require.NoError(t, err)
	b, err = moving(ctx, 100*time.Millisecond)
	require.NoError(t, err)
	require.NotEqual(t, a, b)

	// An element: clipped to its box.
	card, err := p.Element("#card")
	require.NoError(t, err)
	shot, err := Shooter(p, ShotOptions{Element: card})(ctx, 0)
	require.NoError(t, err)
	img = decodePNG(t, shot)
	require.Equal(t, image.Pt(120, 60), img.Bounds().Size())
	require.Equal(t, color.NRGBA{0, 170, 0, 255}, rgb(img, 60, 30))

	// The full page: beyond the viewport, without resizing it.
	shot, err = Shooter(p, ShotOptions{FullPage: true})(ctx, 0)
	require.NoError(t, err)
	img = decodePNG(t, shot)
	require.Equal(t, 2000, img.Bounds().Dy())
	require.Equal(t, color.NRGBA{0, 0, 0, 255}, rgb(img, 5, 1950))
	w, err := p.Eval(`() => innerWidth + "x" + innerHeight`)
	require.NoError(t, err)
	require.Equal(t, "400x300", w.Value.Str())
}

// The check against a baseline, end to end on a real page: written, then matched, then a
// moved element fails with a diff.
func TestShooterWithCheck(t *testing.T) {
	_, p := openHTMLPage(t, shotPage)
	require.NoError(t, p.SetViewport(&proto.EmulationSetDeviceMetricsOverride{DeviceScaleFactor: 1, Width: 400, Height: 300}))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	base := t.TempDir() + "/page.png"
	shoot := Shooter(p, ShotOptions{})
	o, err := visual.Check{Baseline: base, Update: visual.UpdateMissing}.Run(ctx, shoot)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictWritten, o.Verdict, o.Message)
	o, err = visual.Check{Baseline: base, Update: visual.UpdateMissing}.Run(ctx, shoot)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictMatched, o.Verdict, o.Message)
	_, err = p.Eval(`() => { document.getElementById("card").style.left = "112px" }`)
	require.NoError(t, err)
	o, err = visual.Check{Baseline: base, Update: visual.UpdateMissing}.Run(ctx, shoot)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictMismatch, o.Verdict)
	require.Contains(t, o.Message, "1440 pixels (ratio 0.02 of all image pixels) are different")
	require.NotNil(t, o.Diff)
}
