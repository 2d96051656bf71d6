package testenv

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// SolidImage is a w×h image of one colour.
func SolidImage(w, h int, c color.Color) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	return img
}

// SolidJPEG is a w×h JPEG of one colour, as a trace frame.
func SolidJPEG(t testing.TB, w, h int, c color.Color) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, SolidImage(w, h, c), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
