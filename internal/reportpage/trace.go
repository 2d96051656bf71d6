package reportpage

import (
	_ "embed"
	"fmt"

	"github.com/e2e-dev/e2e/pages"
)

// TimelineStep is one step of a flow's filmstrip as the report shows it.
type TimelineStep struct {
	// Name, Status ("ok", "FAIL") and Duration are as shown.
	Name, Status, Duration string
	// Frame is the index of its thumbnail's frame, -1 when it has none.
	Frame int
	// ThumbLoaded is true when its thumbnail is visible and loaded with a width.
	ThumbLoaded bool
	// Selected is true for the step whose panel shows.
	Selected bool
}

// TimelineShot is the screenshot a step's panel shows.
type TimelineShot struct {
	// Frame is the index of the frame shown.
	Frame int
	// Src is the image's source (a data: URI or a link).
	Src string
	// Width is its natural width: 0 when it did not load.
	Width int
	// Visible is true when it shows.
	Visible bool
}

// WaterfallBar is one request of a timeline's waterfall as drawn, in CSS pixels.
type WaterfallBar struct {
	// Index is the request's index in the HAR.
	Index int
	// Left is the bar's offset in its track, Width its width, Track the track's width.
	Left, Width, Track float64
	// Phases are the widths of its phases by name (blocked, dns, connect, tls, send, wait,
	// receive); phases of no time are absent.
	Phases map[string]float64
	// Failed, Routed and Source are the request's marks.
	Failed, Routed bool
	Source         string
}

// The scripts below read the last timeline of a row, given the row's selector.
var (
	// timelineJS reads the filmstrip once its thumbnails have loaded.
	//
	//go:embed timeline.js
	timelineJS string
	// stepShotJS reads the screenshot of a step's panel once it has loaded.
	//
	//go:embed step_shot.js
	stepShotJS string
	// waterfallJS measures the waterfall's bars.
	//
	//go:embed waterfall.js
	waterfallJS string
	// failureTargetJS reports whether the final screenshot and the outline on it both show.
	//
	//go:embed failure_target.js
	failureTargetJS string
)

// trace is the last timeline of flow id's row.
func (r *Page) trace(id string) *pages.Locator {
	return r.row(id).GetByTestID("trace").Last().Describe(fmt.Sprintf("timeline of flow %q", id))
}

// onTrace runs fn, given the row's selector once the row of flow id has a timeline, as the step
// "report: <what> of flow <id>".
func (r *Page) onTrace(id, what string, fn func(row string)) {
	r.onRow(id, what, func(row string) {
		r.trace(id).WaitFor(pages.Attached)
		fn(row)
	})
}

// Timeline returns the filmstrip of the last attempt of flow id that has a timeline, once its
// thumbnails have finished loading. The row must be expanded.
func (r *Page) Timeline(id string) []TimelineStep {
	var out []TimelineStep
	r.onTrace(id, "read the timeline", func(row string) {
		for _, v := range r.tab.Evaluate(timelineJS, row, testID("trace-step")).Arr() {
			out = append(out, TimelineStep{Name: v.Get("name").Str(), Status: v.Get("status").Str(), Duration: v.Get("duration").Str(),
				Frame: v.Get("frame").Int(), ThumbLoaded: v.Get("loaded").Bool(), Selected: v.Get("selected").Bool()})
		}
	})
	return out
}

// ShowStep clicks step i of flow id's filmstrip and returns the screenshot its panel then
// shows, once loaded.
func (r *Page) ShowStep(id string, i int) TimelineShot {
	var shot TimelineShot
	r.onTrace(id, fmt.Sprintf("show step %d", i), func(row string) {
		trace := r.trace(id)
		trace.GetByTestID("trace-step").Nth(i).Describe(fmt.Sprintf("step %d of flow %q", i, id)).Click()
		panel := fmt.Sprintf(`[data-testid="trace-panel"][data-step="%d"]`, i)
		pages.Expect(trace.Locator(panel).Describe(fmt.Sprintf("panel of step %d of flow %q", i, id))).ToBeVisible()
		v := r.tab.Evaluate(stepShotJS, row, panel)
		shot = TimelineShot{Frame: v.Get("frame").Int(), Src: v.Get("src").Str(), Width: v.Get("width").Int(), Visible: v.Get("visible").Bool()}
	})
	return shot
}

// Waterfall returns the bars of flow id's network waterfall, in page order.
func (r *Page) Waterfall(id string) []WaterfallBar {
	var bars []WaterfallBar
	r.onTrace(id, "read the waterfall", func(row string) {
		for _, v := range r.tab.Evaluate(waterfallJS, row).Arr() {
			b := WaterfallBar{Index: v.Get("index").Int(), Left: v.Get("left").Num(), Width: v.Get("width").Num(),
				Track: v.Get("track").Num(), Phases: map[string]float64{}, Failed: v.Get("failed").Bool(),
				Routed: v.Get("routed").Bool(), Source: v.Get("source").Str()}
			for phase, w := range v.Get("phases").Map() {
				b.Phases[phase] = w.Num()
			}
			bars = append(bars, b)
		}
	})
	return bars
}

// FailureTarget reports whether flow id's timeline outlines the failing element on the final
// screenshot: the outline and the loaded image both show.
func (r *Page) FailureTarget(id string) bool {
	shown := false
	r.onTrace(id, "check the failure's outline", func(row string) {
		shown = r.tab.Evaluate(failureTargetJS, row).Bool()
	})
	return shown
}

// DOMLink returns the text and the href, as written, of flow id's link to its DOM snapshot.
func (r *Page) DOMLink(id string) (text, href string) {
	link := r.trace(id).GetByTestID("trace-dom").Describe(fmt.Sprintf("DOM snapshot link of flow %q", id))
	href, _ = link.GetAttribute("href")
	return link.InnerText(), href
}
