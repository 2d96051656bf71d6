package reportpage

import (
	_ "embed"
	"fmt"

	"github.com/e2e-dev/e2e/pages"
)

// imageDiffsJS reads a row's screenshot checks.
//
//go:embed imagediffs.js
var imageDiffsJS string

// ImageDiff is a screenshot check of a flow as the report shows it.
type ImageDiff struct {
	// Name is the check's name; Mode its view, "side" (by side) or "slider".
	Name, Mode string
	// Expected, Actual and Diff say which images show, loaded, side by side.
	Expected, Actual, Diff bool
	// Slider says the slider view shows; Over is the width of the actual image over the
	// expected one, Whole the expected one's, in CSS pixels.
	Slider      bool
	Over, Whole float64
}

// ImageDiffs returns the screenshot checks flow id shows (its row expanded), in order.
func (r *Page) ImageDiffs(id string) []ImageDiff {
	var out []ImageDiff
	r.onRow(id, "read the screenshot checks", func(row string) {
		for _, d := range r.tab.Evaluate(imageDiffsJS, row).Arr() {
			out = append(out, ImageDiff{
				Name: d.Get("name").Str(), Mode: d.Get("mode").Str(),
				Expected: d.Get("expected").Bool(), Actual: d.Get("actual").Bool(), Diff: d.Get("diff").Bool(),
				Slider: d.Get("slider").Bool(), Over: d.Get("over").Num(), Whole: d.Get("whole").Num(),
			})
		}
	})
	return out
}

// Slide shows the check name of flow id in the slider view and moves the slider with the
// keyboard, as a user does: key is "Home" (all expected), "End" (all actual) or an arrow.
func (r *Page) Slide(id, name, key string) {
	box := r.row(id).Locator(testID("report-imagediff") + "[data-name=" + cssString(name) + "]").Describe(fmt.Sprintf("screenshot check %q", name))
	if mode, _ := box.GetAttribute("data-mode"); mode != "slider" {
		box.GetByRole("button", pages.Name("Slider")).Click()
	}
	box.GetByTestID("report-imagediff-range").Press(key)
}

// imageDiffShownJS hit-tests a point of a check's slider.
//
//go:embed imagediff_shown.js
var imageDiffShownJS string

// Shown is what a screenshot check's slider shows at a point.
type Shown struct {
	// Image is the alt text of the image seen there, "Expected" or "Actual"; empty when the
	// slider does not show.
	Image string
	// X and Y are the point in the page (as a screenshot's clip), in CSS pixels.
	X, Y float64
}

// ShownAt returns which image the slider of check name of flow id (its row expanded) shows at
// fraction frac (0 to 1) of its width, half way down, as a user sees it: the actual image
// over the expected one, clipped at the slider's position.
func (r *Page) ShownAt(id, name string, frac float64) Shown {
	var s Shown
	r.onRow(id, fmt.Sprintf("look at the slider of %q", name), func(row string) {
		v := r.tab.Evaluate(imageDiffShownJS, row, name, frac)
		s = Shown{Image: v.Get("image").Str(), X: v.Get("x").Num(), Y: v.Get("y").Num()}
	})
	return s
}
