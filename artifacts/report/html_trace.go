package report

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// MaxEmbeddedFrames is how many bytes of trace frames index.html embeds in all; frames past it
// are linked from the attempt folders beside the report.
const MaxEmbeddedFrames = 48 << 20

// htmlTrace is an attempt's timeline.
type htmlTrace struct {
	ID        string   // unique in the page
	Frames    []string // data: URIs, links relative to the report, or "#i": the same as frame i
	Film      []htmlFilm
	Waterfall []htmlBar
	Phases    []string // the waterfall's phases, for the legend
	SpanMS    string   // the waterfall's whole span
	Failure   *htmlTraceFailure
	DOMHref   string
	DOMBefore bool // the snapshot is the DOM from before the failing action acted
	DOMLast   bool // the flow failed after its actions: the snapshot is its last action's
	Notes     []string
}

// htmlFilm is one flow-level step of the filmstrip, with the panel a click on it shows.
type htmlFilm struct {
	Index    int
	Name     string
	Status   string
	Duration string
	Failed   bool
	Frame    int // -1: no frame
	Selected bool
	Actions  []htmlTraceStep
	Checks   []htmlTraceStep // API and database checks
	Requests []htmlBar
	Console  []TraceConsole
}

// htmlTraceStep is a page action or a backend check inside a film step.
type htmlTraceStep struct {
	Name     string
	Kind     string // "action", "api" or "db"
	Status   string
	Duration string
	Error    string
	Frame    int // -1: none
}

// htmlBar is one request of the waterfall.
type htmlBar struct {
	Index   int
	Method  string
	URL     string
	Status  int
	Error   string
	Type    string
	Routed  bool
	Source  string // who made it when not the page: "api" for the tester's own calls
	Failed  bool
	StartMS float64
	TimeMS  float64
	Left    float64 // % of the span
	Width   float64 // % of the span
	Phases  []htmlPhase
}

// htmlPhase is one phase of a request's bar.
type htmlPhase struct {
	Name  string
	MS    float64
	Width float64 // % of the request's time
}

// htmlTraceFailure is the error drawn on the final frame.
type htmlTraceFailure struct {
	Frame    int
	Selector string
	Box      *[4]float64 // left, top, width, height in % of the frame
}

// htmlTraceBudget is what is left of MaxEmbeddedFrames for the report being written.
type htmlTraceBudget struct{ left int64 }

// htmlTraceOf builds the timeline of attempt a from its trace.json and network.har, or returns
// nil when a has no trace.
func htmlTraceOf(a AttemptReport, dir, id string, budget *htmlTraceBudget) *htmlTrace {
	rel := a.Artifacts[ArtifactTrace]
	if rel == "" {
		return nil
	}
	tr, err := ReadTrace(filepath.Join(dir, filepath.FromSlash(rel)))
	ht := &htmlTrace{ID: id, Phases: HTMLWaterfallPhases}
	if err != nil {
		ht.Notes = append(ht.Notes, fmt.Sprintf("trace %s could not be read: %v", rel, err))
		return ht
	}
	ht.Notes = append(ht.Notes, tr.Notes...)
	if tr.Dropped > 0 {
		ht.Notes = append(ht.Notes, fmt.Sprintf("%d frames were dropped: an attempt keeps at most the first and the latest", tr.Dropped))
	}
	base := path.Dir(rel)
	first := map[string]int{} // a file shared by several frames is embedded once: "#i" is frame i's
	for i, f := range tr.Frames {
		if k, ok := first[f.File]; ok {
			ht.Frames = append(ht.Frames, "#"+strconv.Itoa(k))
			continue
		}
		first[f.File] = i
		ht.Frames = append(ht.Frames, htmlFrame(dir, path.Join(base, f.File), budget))
	}
	if tr.Failure != nil && tr.Failure.DOM != "" {
		ht.DOMHref = htmlHref(path.Join(base, tr.Failure.DOM))
		ht.DOMBefore = tr.Failure.DOMBefore
		ht.DOMLast = tr.Failure.AfterActions
	}
	var reqs []htmlBar
	if h := a.Artifacts[ArtifactHAR]; h != "" {
		var err error
		if reqs, err = htmlWaterfall(filepath.Join(dir, filepath.FromSlash(h)), tr.Started); err != nil {
			ht.Notes = append(ht.Notes, fmt.Sprintf("network %s could not be read: %v", h, err))
		}
	}
	ht.Waterfall = reqs
	if len(reqs) > 0 {
		ht.SpanMS = reportDuration(int64(htmlSpan(reqs)))
	}
	ht.Film = htmlFilmstrip(a.Steps, tr, reqs)
	ht.Failure = htmlFailureOf(tr)
	if ht.Failure == nil && a.Failure != nil && len(tr.Frames) > 0 {
		// A failed check, not a failed action: the page as the last action left it.
		ht.Failure = &htmlTraceFailure{Frame: len(tr.Frames) - 1}
	}
	if ht.Failure != nil {
		for i := range ht.Film {
			ht.Film[i].Selected = false
		}
		for i := range ht.Film {
			if ht.Film[i].Failed {
				ht.Film[i].Selected = true
				break
			}
		}
	}
	return ht
}

// htmlFrame returns the frame at rel as a data: URI while the budget lasts, else as a link.
func htmlFrame(dir, rel string, budget *htmlTraceBudget) string {
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil || budget.left < int64(len(b)) {
		return htmlHref(rel)
	}
	mime := http.DetectContentType(b)
	if !htmlImageTypes[mime] {
		return ""
	}
	budget.left -= int64(len(b))
	return "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(b)
}

// htmlFilmstrip groups the steps by flow-level step, each with the frame of its last action.
func htmlFilmstrip(ss []StepReport, tr *Trace, reqs []htmlBar) []htmlFilm {
	framesOf := map[int]int{} // step -> its last frame
	for i, f := range tr.Frames {
		framesOf[f.Step] = i
	}
	var film []htmlFilm
	last := -1 // the latest frame so far: a step without its own shows the page as it was
	for k := 0; k < len(ss); k++ {
		if ss[k].Depth != 0 {
			continue
		}
		n := k + 1
		for n < len(ss) && ss[n].Depth > 0 {
			n++
		}
		s := ss[k]
		fm := htmlFilm{Index: len(film), Name: s.Name, Status: s.Status, Duration: reportDuration(s.DurationMS),
			Failed: s.Status == "FAIL" || s.Error != ""}
		for j := k; j < n; j++ {
			st := ss[j]
			kind := htmlStepKind(st.Name)
			frame, own := framesOf[j]
			if own {
				last = frame
			} else {
				frame = -1
			}
			if j == k && n > k+1 {
				continue // the group itself: its children are listed
			}
			ts := htmlTraceStep{Name: st.Name, Kind: kind, Status: st.Status, Duration: reportDuration(st.DurationMS), Error: st.Error, Frame: frame}
			if kind == "action" {
				fm.Actions = append(fm.Actions, ts)
			} else {
				fm.Checks = append(fm.Checks, ts)
			}
		}
		fm.Frame = last
		if k < len(tr.Steps) {
			sp := tr.Steps[k]
			for _, r := range reqs {
				if r.StartMS >= sp.StartMS && r.StartMS <= sp.EndMS {
					fm.Requests = append(fm.Requests, r)
				}
			}
			for _, c := range tr.Console {
				if c.MS >= sp.StartMS && c.MS <= sp.EndMS {
					fm.Console = append(fm.Console, c)
				}
			}
		}
		film = append(film, fm)
		k = n - 1
	}
	if len(film) > 0 {
		film[len(film)-1].Selected = true
	}
	return film
}

// htmlStepKind says whether a step is an API call, a database check or a page action.
func htmlStepKind(name string) string {
	switch {
	case strings.HasPrefix(name, "api: "):
		return "api"
	case strings.HasPrefix(name, "db: "):
		return "db"
	}
	return "action"
}

// htmlFailureOf places the failing element on the failure's frame, in % of the frame.
func htmlFailureOf(tr *Trace) *htmlTraceFailure {
	if tr.Failure == nil {
		return nil
	}
	f := &htmlTraceFailure{Frame: tr.Failure.Frame, Selector: tr.Failure.Selector}
	if f.Frame < 0 || f.Frame >= len(tr.Frames) {
		f.Frame = len(tr.Frames) - 1
	}
	if f.Frame < 0 {
		return f
	}
	fr := tr.Frames[f.Frame]
	if t := tr.Failure.Target; t != nil && fr.ViewportWidth > 0 && fr.ViewportHeight > 0 {
		f.Box = &[4]float64{
			t[0] / fr.ViewportWidth * 100, t[1] / fr.ViewportHeight * 100,
			t[2] / fr.ViewportWidth * 100, t[3] / fr.ViewportHeight * 100,
		}
	}
	return f
}
