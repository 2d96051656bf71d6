package visual

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func readPNG(t *testing.T, name string) *image.NRGBA {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "pixelmatch", name+".png"))
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	return toNRGBA(img, img.Bounds().Dx(), img.Bounds().Dy())
}

// The counts and diff images of pixelmatch v5.3.0's own tests (threshold 0.05 unless said).
func TestComparePixelmatchFixtures(t *testing.T) {
	for _, c := range []struct {
		a, b, diff string
		threshold  float64
		want       int
	}{
		{"1a", "1b", "1diff", 0.05, 143},
		{"3a", "3b", "3diff", 0.05, 212},
		{"6a", "6b", "6diff", 0.05, 51},
		{"6a", "6a", "", 1e-12, 0},
		{"7a", "7b", "", 0.1, 2448},
	} {
		t.Run(c.a+"-"+c.b, func(t *testing.T) {
			r := Compare(readPNG(t, c.a), readPNG(t, c.b), Tolerance{Threshold: c.threshold})
			require.Equal(t, c.want, r.Pixels)
			require.Equal(t, c.want == 0, r.OK)
			if c.diff != "" {
				want := readPNG(t, c.diff)
				require.Equal(t, want.Rect, r.Diff.Rect)
				require.True(t, bytes.Equal(want.Pix, r.Diff.Pix), "the diff image is pixelmatch's")
			}
		})
	}
}

func TestCompareTolerances(t *testing.T) {
	a, b := readPNG(t, "1a"), readPNG(t, "1b") // 143 pixels differ at 0.05
	n := a.Rect.Dx() * a.Rect.Dy()
	for _, c := range []struct {
		name string
		tol  Tolerance
		ok   bool
	}{
		{"none allowed", Tolerance{Threshold: 0.05}, false},
		{"max pixels above", Tolerance{Threshold: 0.05, MaxDiffPixels: 143}, true},
		{"max pixels below", Tolerance{Threshold: 0.05, MaxDiffPixels: 142}, false},
		{"ratio above", Tolerance{Threshold: 0.05, MaxDiffPixelRatio: 143.5 / float64(n)}, true},
		{"ratio below", Tolerance{Threshold: 0.05, MaxDiffPixelRatio: 142.5 / float64(n)}, false},
		{"both: the smaller wins", Tolerance{Threshold: 0.05, MaxDiffPixels: 1000, MaxDiffPixelRatio: 142.5 / float64(n)}, false},
		{"a threshold that sees nothing", Tolerance{Threshold: 1}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Compare(a, b, c.tol)
			require.Equal(t, c.ok, r.OK, r.Message())
			if !c.ok {
				require.Equal(t, "143 pixels (ratio 0.01 of all image pixels) are different", r.Message())
			}
		})
	}
	require.Error(t, Tolerance{Threshold: 1.5}.Validate())
	require.Error(t, Tolerance{MaxDiffPixels: -1}.Validate())
	require.Error(t, Tolerance{MaxDiffPixelRatio: 2}.Validate())
	require.NoError(t, Tolerance{Threshold: 0.3, MaxDiffPixels: 3, MaxDiffPixelRatio: 0.5}.Validate())
}

// A colour change below the threshold is no difference; above it, it is (threshold 0.2: a
// YIQ distance of 0.2² of the largest).
func TestCompareThresholdIsYIQ(t *testing.T) {
	solid := func(c color.NRGBA) *image.NRGBA {
		img := image.NewNRGBA(image.Rect(0, 0, 4, 4))
		for i := 0; i < len(img.Pix); i += 4 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
		}
		return img
	}
	white := solid(color.NRGBA{255, 255, 255, 255})
	require.True(t, Compare(white, solid(color.NRGBA{235, 235, 235, 255}), Tolerance{}).OK, "a light grey is within 0.2")
	r := Compare(white, solid(color.NRGBA{150, 150, 150, 255}), Tolerance{})
	require.False(t, r.OK)
	require.Equal(t, 16, r.Pixels, "a flat area has no anti-aliasing")
	require.Equal(t, color.NRGBA{255, 0, 0, 255}, r.Diff.NRGBAAt(1, 1))
	require.True(t, Compare(white, solid(color.NRGBA{255, 255, 255, 0}), Tolerance{Threshold: 1e-9}).OK,
		"transparent is blended with white")
}

func TestCompareSizesDiffer(t *testing.T) {
	a := image.NewNRGBA(image.Rect(0, 0, 10, 20))
	b := image.NewNRGBA(image.Rect(0, 0, 10, 22))
	r := Compare(a, b, Tolerance{MaxDiffPixels: 1000})
	require.False(t, r.OK)
	require.Equal(t, "expected an image 10px by 20px, got 10px by 22px", r.Message())
	require.Equal(t, image.Rect(0, 0, 10, 22), r.Diff.Rect)
}
