package report

import (
	"fmt"
	"html/template"
	"path"
	"strings"
	"time"
)

// htmlView is what index.html's template renders.
type htmlView struct {
	Status   string
	Started  string
	Duration string
	Workers  int
	Shard    string
	BaseURL  string
	Stopped  string // why the run stopped early (RunReport.Stopped)
	Totals   Totals
	Filters  []htmlFilter
	Flows    []htmlFlow
	Findings []FindingGroup // the audit's, over the run
	CSS      template.CSS
	JS       template.JS
}

// htmlFilter is one filter button.
type htmlFilter struct {
	Status string // "all" or a status
	Label  string
	Count  int
}

// htmlFlow is one flow's row.
type htmlFlow struct {
	ID          string
	Project     string
	Tags        []string
	Annotations []Annotation
	Status      string
	Duration    string
	Error       string
	Search      string // what the search box matches, lower case
	Attempts    []htmlAttempt
}

// htmlAttempt is one attempt inside a flow's row.
type htmlAttempt struct {
	Title      string
	Status     string
	Duration   string
	Worker     int
	Started    string
	Failure    *Failure
	Details    string // what Failure.Details says beyond the message
	Steps      []htmlStep
	Screenshot template.URL // data: URI, empty when not embedded
	ShotNote   string       // why the screenshot is not shown inline
	Dir        string
	DirHref    string
	Links      []htmlLink
	Trace      *htmlTrace // nil when the attempt kept no trace
	Audit      *htmlAudit // nil when the audit did not run
	ImageDiffs []htmlImageDiff
}

// htmlImageDiff is a screenshot check's images, embedded.
type htmlImageDiff struct {
	Name, Message          string
	Expected, Actual, Diff template.URL // data: URIs, empty when not embedded
	Note                   string       // why an image is not shown
}

// htmlStep is one step of an attempt.
type htmlStep struct {
	Name     string
	Depth    int
	Start    string
	Duration string
	Status   string
	Error    string
	Failed   bool
}

// htmlLink is a link to an artifact file.
type htmlLink struct {
	Kind  string
	Label string
	Href  string
}

// newHTMLView converts r; dir is the report's folder, which artifact paths are relative to.
func newHTMLView(r *RunReport, dir string) (*htmlView, error) {
	css, err := htmlAsset("stylesheet", "report.css", "trace.css")
	if err != nil {
		return nil, err
	}
	js, err := htmlAsset("script", "report.js", "trace.js")
	if err != nil {
		return nil, err
	}
	t := CountFlows(r.Flows)
	v := &htmlView{
		Status: string(r.Status), Duration: reportDuration(r.DurationMS), Workers: r.Workers,
		Shard: r.Shard, BaseURL: r.BaseURL, Stopped: r.Stopped, Totals: t,
		CSS: template.CSS(css), JS: template.JS(js), // our own embedded files
		Filters: []htmlFilter{
			{"all", "All", t.Total}, {"passed", "Passed", t.Passed}, {"failed", "Failed", t.Failed},
			{"flaky", "Flaky", t.Flaky}, {"skipped", "Skipped", t.Skipped},
			{"interrupted", "Interrupted", t.Interrupted},
		},
	}
	if !r.Started.IsZero() {
		v.Started = r.Started.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	budget := &htmlTraceBudget{left: MaxEmbeddedFrames}
	for i, f := range r.Flows {
		v.Flows = append(v.Flows, htmlFlowOf(f, dir, fmt.Sprintf("f%d", i), budget))
	}
	v.Findings = GroupFindings(r)
	return v, nil
}

// htmlAsset reads and joins the embedded files names of templates, what says which.
func htmlAsset(what string, names ...string) (string, error) {
	var b strings.Builder
	for _, n := range names {
		data, err := reportTemplates.ReadFile("templates/" + n)
		if err != nil {
			return "", fmt.Errorf("read %s: %w", what, err)
		}
		b.Write(data)
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// htmlFlowOf converts one flow.
func htmlFlowOf(f FlowReport, dir, id string, budget *htmlTraceBudget) htmlFlow {
	hf := htmlFlow{
		ID: f.ID, Project: f.Project, Tags: f.Tags, Annotations: f.Annotations, Status: string(f.Status),
		Duration: reportDuration(f.DurationMS), Error: reportFirstLine(f.Error),
	}
	if f.DurationMS == 0 && len(f.Attempts) == 0 {
		hf.Duration = "" // never ran
	}
	if f.Status == StatusSkipped {
		hf.Error = "" // the annotation says why; an error that skipped it too
		if _, marked := f.Annotation(AnnotationSkip); !marked {
			hf.Error = f.SkipReason()
		}
	}
	hf.Search = strings.ToLower(strings.Join(append([]string{f.ID, f.Name, f.Error}, f.Tags...), "\n"))
	for i, a := range f.Attempts {
		ha := htmlAttemptOf(a, len(f.Attempts), dir)
		ha.Trace = htmlTraceOf(a, dir, fmt.Sprintf("%s-a%d", id, i), budget)
		hf.Attempts = append(hf.Attempts, ha)
	}
	return hf
}

// htmlAttemptOf converts one attempt, embedding its screenshot.
func htmlAttemptOf(a AttemptReport, of int, dir string) htmlAttempt {
	ha := htmlAttempt{
		Title:  fmt.Sprintf("Attempt %d of %d", a.Retry+1, of),
		Status: string(a.Status), Duration: reportDuration(a.DurationMS), Worker: a.Worker,
		Failure: a.Failure, Dir: a.Dir,
	}
	if a.Retry > 0 {
		ha.Title += fmt.Sprintf(" (retry %d)", a.Retry)
	}
	if !a.Started.IsZero() {
		ha.Started = a.Started.UTC().Format(time.TimeOnly)
	}
	if a.Failure != nil {
		ha.Details = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(a.Failure.Details), a.Failure.Message))
	}
	if a.Dir != "" {
		ha.DirHref = htmlHref(a.Dir) + "/"
	}
	for _, s := range a.Steps {
		ha.Steps = append(ha.Steps, htmlStep{
			Name: s.Name, Depth: min(max(s.Depth, 0), 12), Status: s.Status, Error: s.Error,
			Start: fmt.Sprintf("+%.3fs", float64(s.StartMS)/1000), Duration: reportDuration(s.DurationMS),
			Failed: s.Status == "FAIL" || s.Error != "",
		})
	}
	for _, kind := range reportArtifactKinds(a.Artifacts) {
		rel := a.Artifacts[kind]
		ha.Links = append(ha.Links, htmlLink{Kind: kind, Label: path.Base(rel), Href: htmlHref(rel)})
	}
	ha.Audit = htmlAuditOf(a.Audit, a.Steps)
	if rel := a.Artifacts[ArtifactScreenshot]; rel != "" {
		ha.Screenshot, ha.ShotNote = htmlScreenshot(dir, rel)
	}
	for _, d := range a.ImageDiffs {
		hd := htmlImageDiff{Name: d.Name, Message: d.Message}
		var notes []string
		for _, img := range []struct {
			rel string
			to  *template.URL
		}{{d.Expected, &hd.Expected}, {d.Actual, &hd.Actual}, {d.Diff, &hd.Diff}} {
			if img.rel == "" {
				continue
			}
			var note string
			if *img.to, note = htmlScreenshot(dir, img.rel); note != "" {
				notes = append(notes, note)
			}
		}
		hd.Note = strings.Join(notes, "; ")
		ha.ImageDiffs = append(ha.ImageDiffs, hd)
	}
	return ha
}

// htmlHref is a relative link to the report-relative slash path rel, each segment escaped and
// led by "./" so that no segment reads as a scheme.
func htmlHref(rel string) string {
	segs := strings.Split(strings.Trim(rel, "/"), "/")
	for i, s := range segs {
		segs[i] = htmlPathEscape(s)
	}
	return "./" + strings.Join(segs, "/")
}
