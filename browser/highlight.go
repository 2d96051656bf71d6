package browser

import (
	_ "embed"

	"github.com/go-rod/rod"
)

// highlightJS draws an outline around the element and a label with the step above it, in an
// overlay that ignores the pointer (so it never covers what the flow clicks). Each call moves
// the one overlay of the page.
//
//go:embed highlight.js
var highlightJS string

// Highlight outlines el and labels it with label, for a developer watching a headed browser.
// Errors are ignored: an overlay that cannot be drawn must not fail the flow.
func Highlight(el *rod.Element, label string) {
	_, _ = el.Evaluate(rod.Eval(highlightJS, label).ByUser())
}
