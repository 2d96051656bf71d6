package pages

import (
	"fmt"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// The report timeline's test ids.
const (
	reportTrace     = "trace"
	reportTraceStep = "trace-step"
)

// TimelineStep is one step of a flow's filmstrip as the report shows it.
type TimelineStep struct {
	// Name, Status ("ok", "FAIL") and Duration are as shown.
	Name, Status, Duration string
	// Frame is the index of its thumbnail's frame, -1 when it has none.
	Frame int
	// ThumbLoaded is true when its thumbnail is visible and loaded with a width.
	ThumbLoaded bool `json:"loaded"`
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

// Timeline returns the filmstrip of the last attempt of flow id that has a timeline, once its
// thumbnails have finished loading. The row must be expanded.
func (r *ReportPage) Timeline(id string) ([]TimelineStep, error) {
	var out []TimelineStep
	err := r.traceAction(id, "read the timeline", func(trace *rod.Element) error {
		if err := trace.Wait(rod.Eval(`() => [...this.querySelectorAll("img[data-testid=trace-thumb]")].every(i => i.complete)`)); err != nil {
			return err
		}
		res, err := trace.Eval(`(sel) => [...this.querySelectorAll(sel)].map(b => {
			const img = b.querySelector("img");
			return {name: b.querySelector(".film-name").textContent.trim(), status: b.dataset.status,
				duration: b.querySelector("[data-testid=trace-step-duration]").textContent.trim(),
				frame: Number(b.dataset.frame), selected: b.getAttribute("aria-selected") === "true",
				loaded: !!img && img.checkVisibility() && img.complete && img.naturalWidth > 0};
		})`, testID(reportTraceStep))
		if err != nil {
			return err
		}
		return res.Value.Unmarshal(&out)
	})
	return out, err
}

// ShowStep clicks step i of flow id's filmstrip and returns the screenshot its panel then
// shows, once loaded.
func (r *ReportPage) ShowStep(id string, i int) (TimelineShot, error) {
	var shot TimelineShot
	err := r.traceAction(id, fmt.Sprintf("show step %d", i), func(trace *rod.Element) error {
		steps, err := trace.Elements(testID(reportTraceStep))
		if err != nil {
			return err
		}
		if i < 0 || i >= len(steps) {
			return fmt.Errorf("%s: flow %q has %d steps in its timeline, not %d", reportPageName, id, len(steps), i+1)
		}
		if err := steps[i].Click(proto.InputMouseButtonLeft, 1); err != nil {
			return err
		}
		panel := fmt.Sprintf(`[data-testid="trace-panel"][data-step="%d"]`, i)
		if err := trace.Wait(rod.Eval(`(sel) => { const p = this.querySelector(sel); const img = p && p.querySelector("img");
			return p && p.checkVisibility() && (!img || img.complete) }`, panel)); err != nil {
			return &waitError{page: reportPageName, what: fmt.Sprintf("panel of step %d of flow %q not shown", i, id), after: r.s.timeout, err: err}
		}
		res, err := trace.Eval(`(sel) => { const img = this.querySelector(sel + " img[data-testid=trace-shot]");
			return img ? {frame: Number(img.dataset.frame), src: img.src, width: img.naturalWidth, visible: img.checkVisibility()}
				: {frame: -1, src: "", width: 0, visible: false} }`, panel)
		if err != nil {
			return err
		}
		return res.Value.Unmarshal(&shot)
	})
	return shot, err
}

// Waterfall returns the bars of flow id's network waterfall, in page order.
func (r *ReportPage) Waterfall(id string) ([]WaterfallBar, error) {
	var bars []WaterfallBar
	err := r.traceAction(id, "read the waterfall", func(trace *rod.Element) error {
		res, err := trace.Eval(`() => [...this.querySelectorAll("[data-testid=trace-request-bar]")].map(row => {
			const track = row.querySelector(".wf-track").getBoundingClientRect();
			const bar = row.querySelector("[data-testid=trace-bar]").getBoundingClientRect();
			const phases = {};
			for (const p of row.querySelectorAll("[data-phase]")) phases[p.dataset.phase] = p.getBoundingClientRect().width;
			return {index: Number(row.dataset.index), left: bar.left - track.left, width: bar.width, track: track.width,
				phases, failed: row.classList.contains("failed"), routed: row.hasAttribute("data-routed"),
				source: row.dataset.source || ""};
		})`)
		if err != nil {
			return err
		}
		return res.Value.Unmarshal(&bars)
	})
	return bars, err
}

// FailureTarget reports whether flow id's timeline outlines the failing element on the final
// screenshot: the outline and the loaded image both show.
func (r *ReportPage) FailureTarget(id string) (bool, error) {
	shown := false
	err := r.traceAction(id, "check the failure's outline", func(trace *rod.Element) error {
		res, err := trace.Eval(`() => { const img = this.querySelector("[data-testid=trace-final-shot]");
			const box = this.querySelector("[data-testid=trace-target]");
			return !!img && !!box && img.complete && img.naturalWidth > 0 && box.checkVisibility() &&
				box.getBoundingClientRect().width > 0 }`)
		if err != nil {
			return err
		}
		shown = res.Value.Bool()
		return nil
	})
	return shown, err
}

// DOMLink returns the text and the href, as written, of flow id's link to its DOM snapshot.
func (r *ReportPage) DOMLink(id string) (text, href string, err error) {
	err = r.traceAction(id, "read the DOM snapshot's link", func(trace *rod.Element) error {
		res, err := trace.Eval(`() => { const a = this.querySelector("[data-testid=trace-dom]");
			return a ? [a.textContent, a.getAttribute("href")] : null }`)
		if err != nil {
			return err
		}
		if res.Value.Nil() {
			return fmt.Errorf("%s: flow %q has no link to a DOM snapshot", reportPageName, id)
		}
		text, href = res.Value.Get("0").Str(), res.Value.Get("1").Str()
		return nil
	})
	return text, href, err
}

// traceAction runs fn on the last timeline of flow id's row.
func (r *ReportPage) traceAction(id, what string, fn func(trace *rod.Element) error) error {
	return r.rowAction(id, what, func(row *rod.Element) error {
		traces, err := row.Elements(testID(reportTrace))
		if err != nil {
			return err
		}
		if len(traces) == 0 {
			return fmt.Errorf("%s: flow %q has no timeline", reportPageName, id)
		}
		return fn(traces[len(traces)-1])
	})
}
