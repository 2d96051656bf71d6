package pages

import (
	"errors"
	"math"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Box is an element's border box, in CSS pixels from the top left corner of the main frame's
// viewport, as Playwright's boundingBox gives it.
type Box struct {
	X, Y, Width, Height float64
}

// BoundingBox waits until l matches one element, visible or not, and returns its border box
// relative to the main frame's viewport (an element of a frame too, and one scrolled out of
// view, which lies outside it), as Playwright's locator.boundingBox; false when the element is
// not visible. It does not scroll.
//
//	box, ok := tab.Locator("#card").BoundingBox()
func (l *Locator) BoundingBox() (Box, bool) {
	var (
		box Box
		ok  bool
	)
	l.tab.must(l.tab.act(l.page, "read the bounding box of "+l.String(), func(p *rod.Page) error {
		el, err := l.resolve(p, "found", nil)
		if err != nil {
			return err
		}
		if err := isVisible(el); err != nil {
			if errors.As(err, new(*notActionable)) {
				return nil
			}
			return err
		}
		m, err := proto.DOMGetBoxModel{ObjectID: el.Object.ObjectID}.Call(p)
		if err != nil {
			return nil // no box: not rendered after all (display: none since)
		}
		box, ok = quadBox(m.Model.Border), true
		return nil
	}))
	return box, ok
}

// quadBox is the box around q, a quad of four points (x1, y1, ..., x4, y4).
func quadBox(q proto.DOMQuad) Box {
	if len(q) < 8 {
		return Box{}
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := 0; i+1 < len(q); i += 2 {
		minX, maxX = math.Min(minX, q[i]), math.Max(maxX, q[i])
		minY, maxY = math.Min(minY, q[i+1]), math.Max(maxY, q[i+1])
	}
	return Box{X: minX, Y: minY, Width: maxX - minX, Height: maxY - minY}
}
