// Package visual compares screenshots with their baselines as Playwright's toHaveScreenshot
// does: a pixelmatch comparison (per-pixel colour distance in YIQ, anti-aliased pixels not
// counted), tolerances in pixels or as a ratio, baselines named by suite, flow, name, project
// and platform, and the --update-snapshots modes. It knows nothing of the browser: a Shooter
// takes the screenshots.
package visual

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
)

// DefaultThreshold is the per-pixel colour distance below which two pixels are the same, as in
// Playwright.
const DefaultThreshold = 0.2

// Tolerance says how different an image may be from its baseline and still match.
type Tolerance struct {
	// Threshold is the per-pixel colour distance, 0 to 1, in YIQ space as pixelmatch measures
	// it, above which a pixel differs; 0 means DefaultThreshold (a tiny value such as 1e-9
	// counts every changed pixel).
	Threshold float64
	// MaxDiffPixels is how many pixels may differ; 0 means unset.
	MaxDiffPixels int
	// MaxDiffPixelRatio is the share of the baseline's pixels that may differ, 0 to 1; 0 means
	// unset. With both set, the smaller allowance wins; with neither, no pixel may differ.
	MaxDiffPixelRatio float64
}

// Validate checks the tolerance's ranges.
func (t Tolerance) Validate() error {
	switch {
	case t.Threshold < 0 || t.Threshold > 1:
		return fmt.Errorf("threshold %v is outside 0..1", t.Threshold)
	case t.MaxDiffPixels < 0:
		return fmt.Errorf("MaxDiffPixels %d is negative", t.MaxDiffPixels)
	case t.MaxDiffPixelRatio < 0 || t.MaxDiffPixelRatio > 1:
		return fmt.Errorf("MaxDiffPixelRatio %v is outside 0..1", t.MaxDiffPixelRatio)
	}
	return nil
}

// allowed is how many pixels of an image of n pixels may differ.
func (t Tolerance) allowed(n int) float64 {
	byCount, byRatio := float64(t.MaxDiffPixels), float64(n)*t.MaxDiffPixelRatio
	switch {
	case t.MaxDiffPixels > 0 && t.MaxDiffPixelRatio > 0:
		return math.Min(byCount, byRatio)
	case t.MaxDiffPixelRatio > 0:
		return byRatio
	default:
		return byCount
	}
}

// Result is a comparison's outcome.
type Result struct {
	// Pixels is the number of pixels that differ, anti-aliasing aside.
	Pixels int
	// Total is the number of pixels compared (of the larger size when the sizes differ).
	Total int
	// SizeMismatch says the sizes differ, as "expected an image 10px by 20px, got 10px by 22px";
	// empty when they are the same.
	SizeMismatch string
	// Diff shows the differing pixels in red and the anti-aliased ones in yellow over a faded
	// grey copy of the expected image.
	Diff *image.NRGBA
	// OK says the images match within the tolerance.
	OK bool
}

// Message says in one line how the images differ; empty when they match.
func (r Result) Message() string {
	if r.OK {
		return ""
	}
	msg := r.SizeMismatch
	if r.Pixels > 0 {
		if msg != "" {
			msg += "; "
		}
		ratio := math.Ceil(float64(r.Pixels)/float64(r.Total)*100) / 100
		msg += fmt.Sprintf("%d pixels (ratio %.2f of all image pixels) are different", r.Pixels, ratio)
	}
	return msg
}

// Compare compares actual with expected within t. Images of different sizes never match: both
// are padded with transparent pixels to the larger size and compared, for the diff.
func Compare(expected, actual image.Image, t Tolerance) Result {
	eb, ab := expected.Bounds(), actual.Bounds()
	w, h := max(eb.Dx(), ab.Dx()), max(eb.Dy(), ab.Dy())
	var r Result
	if eb.Size() != ab.Size() {
		r.SizeMismatch = fmt.Sprintf("expected an image %dpx by %dpx, got %dpx by %dpx", eb.Dx(), eb.Dy(), ab.Dx(), ab.Dy())
	}
	e, a := toNRGBA(expected, w, h), toNRGBA(actual, w, h)
	threshold := t.Threshold
	if threshold == 0 {
		threshold = DefaultThreshold
	}
	r.Diff = image.NewNRGBA(image.Rect(0, 0, w, h))
	r.Pixels = pixelmatch(e, a, r.Diff, threshold)
	r.Total = w * h
	r.OK = r.SizeMismatch == "" && float64(r.Pixels) <= t.allowed(eb.Dx()*eb.Dy())
	return r
}

// toNRGBA returns img as non-premultiplied RGBA from (0, 0), padded to w by h.
func toNRGBA(img image.Image, w, h int) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok && n.Rect == image.Rect(0, 0, w, h) {
		return n
	}
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(out, img.Bounds().Sub(img.Bounds().Min), img, img.Bounds().Min, draw.Src)
	return out
}

// The pixelmatch algorithm (Mapbox, ISC licence), which Playwright's comparison uses: a pixel
// differs when its YIQ distance exceeds the threshold and it is not anti-aliasing in either
// image (after "Anti-aliased Pixel and Intensity Slope Detector", V. Vysniauskas, 2009).

// maxYIQDelta is the largest possible YIQ distance.
const maxYIQDelta = 35215

var (
	diffColor = color.NRGBA{255, 0, 0, 255}
	aaColor   = color.NRGBA{255, 255, 0, 255}
)

// diffAlpha is how strongly the expected image shows through the diff.
const diffAlpha = 0.1

func pixelmatch(img1, img2, out *image.NRGBA, threshold float64) int {
	w, h := img1.Rect.Dx(), img1.Rect.Dy()
	maxDelta := maxYIQDelta * threshold * threshold
	diff := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			pos := y*img1.Stride + x*4
			delta := colorDelta(img1.Pix, img2.Pix, pos, pos, false)
			switch {
			case math.Abs(delta) <= maxDelta:
				grayPixel(img1.Pix, pos, out)
			case antialiased(img1, x, y, img2) || antialiased(img2, x, y, img1):
				out.SetNRGBA(x, y, aaColor)
			default:
				out.SetNRGBA(x, y, diffColor)
				diff++
			}
		}
	}
	return diff
}

// antialiased reports whether the pixel at x, y of img is likely anti-aliasing: it has both
// darker and brighter neighbours, and the darkest or the brightest of them sits in a flat area
// in both images.
func antialiased(img *image.NRGBA, x1, y1 int, img2 *image.NRGBA) bool {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	x0, y0 := max(x1-1, 0), max(y1-1, 0)
	x2, y2 := min(x1+1, w-1), min(y1+1, h-1)
	pos := y1*img.Stride + x1*4
	zeroes := 0
	if x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2 {
		zeroes = 1
	}
	var lo, hi float64
	var minX, minY, maxX, maxY int
	for x := x0; x <= x2; x++ {
		for y := y0; y <= y2; y++ {
			if x == x1 && y == y1 {
				continue
			}
			delta := colorDelta(img.Pix, img.Pix, pos, y*img.Stride+x*4, true)
			switch {
			case delta == 0:
				zeroes++
				if zeroes > 2 {
					return false
				}
			case delta < lo:
				lo, minX, minY = delta, x, y
			case delta > hi:
				hi, maxX, maxY = delta, x, y
			}
		}
	}
	if lo == 0 || hi == 0 {
		return false
	}
	return (manySiblings(img, minX, minY) && manySiblings(img2, minX, minY)) ||
		(manySiblings(img, maxX, maxY) && manySiblings(img2, maxX, maxY))
}

// manySiblings reports whether the pixel at x1, y1 has three or more neighbours of its exact
// colour (the image's edge counting as one).
func manySiblings(img *image.NRGBA, x1, y1 int) bool {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	x0, y0 := max(x1-1, 0), max(y1-1, 0)
	x2, y2 := min(x1+1, w-1), min(y1+1, h-1)
	pos := y1*img.Stride + x1*4
	zeroes := 0
	if x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2 {
		zeroes = 1
	}
	p := img.Pix
	for x := x0; x <= x2; x++ {
		for y := y0; y <= y2; y++ {
			if x == x1 && y == y1 {
				continue
			}
			q := y*img.Stride + x*4
			if p[pos] == p[q] && p[pos+1] == p[q+1] && p[pos+2] == p[q+2] && p[pos+3] == p[q+3] {
				zeroes++
			}
			if zeroes > 2 {
				return true
			}
		}
	}
	return false
}

// colorDelta is the squared YIQ distance of the pixels at k in a and m in b, each blended with
// white by its alpha, negative when b's is brighter; with yOnly, the brightness difference
// alone.
func colorDelta(a, b []byte, k, m int, yOnly bool) float64 {
	if a[k] == b[m] && a[k+1] == b[m+1] && a[k+2] == b[m+2] && a[k+3] == b[m+3] {
		return 0
	}
	r1, g1, b1 := blended(a[k : k+4])
	r2, g2, b2 := blended(b[m : m+4])
	y1, y2 := rgb2y(r1, g1, b1), rgb2y(r2, g2, b2)
	y := y1 - y2
	if yOnly {
		return y
	}
	i := rgb2i(r1, g1, b1) - rgb2i(r2, g2, b2)
	q := rgb2q(r1, g1, b1) - rgb2q(r2, g2, b2)
	delta := 0.5053*y*y + 0.299*i*i + 0.1957*q*q
	if y1 > y2 {
		return -delta
	}
	return delta
}

// blended returns a pixel's colour blended with white by its alpha.
func blended(px []byte) (r, g, b float64) {
	r, g, b = float64(px[0]), float64(px[1]), float64(px[2])
	if px[3] < 255 {
		a := float64(px[3]) / 255
		r, g, b = blend(r, a), blend(g, a), blend(b, a)
	}
	return r, g, b
}

func rgb2y(r, g, b float64) float64 { return r*0.29889531 + g*0.58662247 + b*0.11448223 }
func rgb2i(r, g, b float64) float64 { return r*0.59597799 - g*0.27417610 - b*0.32180189 }
func rgb2q(r, g, b float64) float64 { return r*0.21147017 - g*0.52261711 + b*0.31114694 }

// blend blends a colour channel with white.
func blend(c, a float64) float64 { return 255 + (c-255)*a }

// grayPixel draws the pixel at pos of src into out as a faded grey.
func grayPixel(src []byte, pos int, out *image.NRGBA) {
	v := blend(rgb2y(float64(src[pos]), float64(src[pos+1]), float64(src[pos+2])), diffAlpha*float64(src[pos+3])/255)
	c := uint8(v)
	out.Pix[pos], out.Pix[pos+1], out.Pix[pos+2], out.Pix[pos+3] = c, c, c, 255
}
