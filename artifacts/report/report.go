// Package report is a run's result model (RunReport and what it holds), its reporters (list,
// JSON, JUnit XML, HTML) and the merge of sharded runs' reports.
package report

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/steps"
)

// Status is the outcome of a flow in a run, or of one attempt of it.
type Status string

// The statuses a flow or an attempt can end with.
const (
	StatusPassed      Status = "passed"
	StatusFailed      Status = "failed"
	StatusFlaky       Status = "flaky" // failed, then passed on a retry
	StatusSkipped     Status = "skipped"
	StatusInterrupted Status = "interrupted" // the run was stopped (Ctrl-C, SIGTERM) before it ended
)

// Artifact kinds: the keys of AttemptReport.Artifacts, and the file each is written to.
const (
	ArtifactScreenshot = "screenshot" // screenshot.png
	ArtifactHAR        = "har"        // network.har
	ArtifactDOM        = "dom"        // dom.html
	ArtifactConsole    = "console"    // console.log
	ArtifactSteps      = "steps"      // steps.log
	ArtifactError      = "error"      // error.txt
	ArtifactTrace      = "trace"      // trace.json, its frames in trace/
	ArtifactSecurity   = "security"   // security.txt: the audit's findings, one a line (when it ran)
)

// ArtifactFiles maps each artifact kind to its file name inside an attempt's folder.
var ArtifactFiles = map[string]string{
	ArtifactScreenshot: "screenshot.png",
	ArtifactHAR:        "network.har",
	ArtifactDOM:        "dom.html",
	ArtifactConsole:    "console.log",
	ArtifactSteps:      "steps.log",
	ArtifactError:      "error.txt",
	ArtifactTrace:      "trace.json",
	ArtifactSecurity:   "security.txt",
}

// RunReport is a whole run: what report.json holds and every reporter reads.
type RunReport struct {
	// Started is when the run began.
	Started time.Time `json:"started"`
	// DurationMS is the run's wall time.
	DurationMS int64 `json:"duration_ms"`
	// Status is passed, failed or interrupted.
	Status Status `json:"status"`
	// Totals counts flows by status.
	Totals Totals `json:"totals"`
	// Workers is how many workers ran flows.
	Workers int `json:"workers"`
	// WorkerCPUs are the CPUs each worker's browser was kept on (run.pin_workers), by worker;
	// empty when the browsers could run on any CPU, and in merged reports.
	WorkerCPUs [][]int `json:"worker_cpus,omitempty"`
	// Shard is "i/n" when the run was one shard of a suite, else empty.
	Shard string `json:"shard,omitempty"`
	// BaseURL is the app the flows ran against.
	BaseURL string `json:"base_url"`
	// Stopped says why the run stopped before all its flows ran, as Playwright's maxFailures
	// and globalTimeout stop one: "stopped after 1 failure (--max-failures 1)", "global timeout
	// of 30m reached"; empty when it did not. The flows it did not run are skipped, with an
	// AnnotationDidNotRun.
	Stopped string `json:"stopped,omitempty"`
	// Flows holds every flow the run selected, in suite order.
	Flows []FlowReport `json:"flows"`
}

// Totals counts flows by status.
type Totals struct {
	Total       int `json:"total"`
	Passed      int `json:"passed"`
	Failed      int `json:"failed"`
	Flaky       int `json:"flaky"`
	Skipped     int `json:"skipped"`
	Interrupted int `json:"interrupted"`
	// DidNotRun counts, among Skipped, the flows a run that stopped early did not run.
	DidNotRun int `json:"did_not_run,omitempty"`
}

// Add counts one flow of status s.
func (t *Totals) Add(s Status) {
	t.Total++
	switch s {
	case StatusPassed:
		t.Passed++
	case StatusFailed:
		t.Failed++
	case StatusFlaky:
		t.Flaky++
	case StatusSkipped:
		t.Skipped++
	case StatusInterrupted:
		t.Interrupted++
	}
}

// CountFlows counts the flows of fs by status, the app's setup apart.
func CountFlows(fs []FlowReport) Totals {
	var t Totals
	for _, f := range fs {
		if !f.Setup {
			t.Add(f.Status)
			if _, ok := f.Annotation(AnnotationDidNotRun); ok && f.Status == StatusSkipped {
				t.DidNotRun++
			}
		}
	}
	return t
}

// FailedOnFlaky reports whether r failed only for its flaky flows, as a run with --fail-on-flaky
// (run.fail_on_flaky) does: no flow failed, one or more were flaky and the app's setup passed.
func FailedOnFlaky(r *RunReport) bool {
	t := r.Totals
	if t.Total == 0 {
		t = CountFlows(r.Flows)
	}
	return r.Status == StatusFailed && t.Failed == 0 && t.Flaky > 0 && !SetupFailed(r.Flows)
}

// SetupFailed reports whether the app's setup, among fs, failed.
func SetupFailed(fs []FlowReport) bool {
	for _, f := range fs {
		if f.Setup && f.Status == StatusFailed {
			return true
		}
	}
	return false
}

// FlowReport is one flow (one repetition of it under --repeat-each) and all its attempts.
type FlowReport struct {
	// ID names the flow run uniquely: Name, or "Name#r" for repetition r > 0 under --repeat-each,
	// after "[PROJECT] " when the run has projects.
	ID string `json:"id"`
	// Name is the flow's name.
	Name string `json:"name"`
	// Project is the project it ran in (a device and overrides), "" when the run had none; the
	// ID then starts with it: "[mobile] login".
	Project string `json:"project,omitempty"`
	// Repeat is the repetition index under --repeat-each, from 0.
	Repeat int `json:"repeat"`
	// Status is the flow's outcome over all its attempts.
	Status Status `json:"status"`
	// DurationMS is the time of all attempts together.
	DurationMS int64 `json:"duration_ms"`
	// Error is the last failure's one-line summary, if the flow failed or was flaky.
	Error string `json:"error,omitempty"`
	// Location is where the flow is declared (its Run function), for reports that point at the
	// flow when its failure has no Location of its own; nil when unknown.
	Location *Location `json:"location,omitempty"`
	// Tags are the flow's tags, its groups' first: "@smoke", "@security". --grep matches them.
	Tags []string `json:"tags,omitempty"`
	// Annotations are the flow's marks, as Playwright's: skip and fixme (not run, with why),
	// slow (its time limit tripled).
	Annotations []Annotation `json:"annotations,omitempty"`
	// Setup marks the app's setup (its servers, seed and reset steps): the reports list it
	// first, as a flow of its own, and count it apart from the flows.
	Setup bool `json:"setup,omitempty"`
	// Attempts are the attempts made, first to last.
	Attempts []AttemptReport `json:"attempts"`
}

// AttemptReport is one attempt of a flow.
type AttemptReport struct {
	// Retry is 0 for the first attempt, N for the Nth retry.
	Retry int `json:"retry"`
	// Status is passed, failed or interrupted.
	Status Status `json:"status"`
	// Started is when the attempt began.
	Started time.Time `json:"started"`
	// DurationMS is the attempt's wall time.
	DurationMS int64 `json:"duration_ms"`
	// Worker is the index of the worker that ran it.
	Worker int `json:"worker"`
	// Failure describes why the attempt failed; nil when it passed.
	Failure *Failure `json:"failure,omitempty"`
	// SkipReason is why the flow skipped itself in this attempt (F.Skip), when it did.
	SkipReason string `json:"skip_reason,omitempty"`
	// Steps are the attempt's steps in start order.
	Steps []StepReport `json:"steps,omitempty"`
	// Dir is the attempt's artifact folder, relative to the report's folder; empty when none
	// was kept.
	Dir string `json:"dir,omitempty"`
	// Artifacts maps artifact kinds (ArtifactScreenshot, ...) to files written, relative to the
	// report's folder.
	Artifacts map[string]string `json:"artifacts,omitempty"`
	// Audit is what the audit found (audit.enabled); nil when it did not run.
	Audit *AuditReport `json:"audit,omitempty"`
	// ImageDiffs are the screenshot checks (ToHaveScreenshot) that failed or wrote their
	// baseline, with their images; kept with the attempt's artifacts.
	ImageDiffs []ImageDiff `json:"image_diffs,omitempty"`
}

// ImageDiff is a screenshot check that failed or wrote its baseline, as the report shows it:
// its images side by side.
type ImageDiff struct {
	// Name is the check's name; Message its one line.
	Name    string `json:"name"`
	Message string `json:"message"`
	// Expected (the baseline), Actual (the screenshot taken) and Diff (their differences in
	// red) are PNG files relative to the report's folder; empty when the check had none.
	Expected string `json:"expected,omitempty"`
	Actual   string `json:"actual,omitempty"`
	Diff     string `json:"diff,omitempty"`
}

// Failure says why an attempt failed.
type Failure struct {
	// Message is one line: what was expected against what was found.
	Message string `json:"message"`
	// Step is the step that was running when it failed ("log in > login page: click ...").
	Step string `json:"step,omitempty"`
	// Details is the full text: every assertion failure, the stack of a panic.
	Details string `json:"details,omitempty"`
	// Location is the line of the suite's own code that failed (the failing step, expect or
	// action, in the flow or its page object), found from the call stack, never the engine's;
	// nil when no frame of the suite was on it (a timeout between steps, the browser gone).
	Location *Location `json:"location,omitempty"`
	// More are the attempt's failures after this first one, in the order they happened, when
	// the flow went on after it (a soft failure: assert.Equal(f, ...), f.Errorf, a soft
	// expect): each with its own one-line Message, Step and Location, and no More. Details has
	// them all in full.
	More []Failure `json:"more,omitempty"`
}

// Annotation is a mark on a flow: its Type (AnnotationSkip, AnnotationFixme, AnnotationSlow) and
// what the suite said of it.
type Annotation struct {
	// Type is what the mark is.
	Type string `json:"type"`
	// Description is why: a skip's reason, a fixme's issue.
	Description string `json:"description,omitempty"`
}

// The annotations e2e itself gives.
const (
	AnnotationSkip  = "skip"  // not run (Flow.Skip), or stopped by F.Skip: Description says why
	AnnotationFixme = "fixme" // not run: known to be broken (Flow.Fixme)
	AnnotationSlow  = "slow"  // run with its time limit tripled (Flow.Slow)
	// AnnotationLostBrowser: run again after its worker's browser died under it (a grid node
	// went away), which counted as no attempt; Description says how often and why.
	AnnotationLostBrowser = "lost-browser"
	// AnnotationDidNotRun: skipped because the run stopped before it started (--max-failures,
	// --global-timeout); Description says why, as RunReport.Stopped.
	AnnotationDidNotRun = "did-not-run"
)

// Annotation returns the flow's first annotation of type typ.
func (f FlowReport) Annotation(typ string) (Annotation, bool) {
	for _, a := range f.Annotations {
		if a.Type == typ {
			return a, true
		}
	}
	return Annotation{}, false
}

// SkipReason says why a skipped flow did not run: "fixme: <why>" for a fixme, the skip's reason,
// else its error (a reset that failed between rounds); "" when nothing says.
func (f FlowReport) SkipReason() string {
	if a, ok := f.Annotation(AnnotationFixme); ok {
		return strings.TrimSpace("fixme: " + a.Description)
	}
	if a, ok := f.Annotation(AnnotationSkip); ok && a.Description != "" {
		return a.Description
	}
	return reportFirstLine(f.Error)
}

// Location is a line of a suite's source code.
type Location struct {
	// File is the file's path as the suite's binary knows it: absolute, or under -trimpath its
	// module path and the path inside the module ("example.com/myapp-e2e/suite/flows.go").
	File string `json:"file"`
	// Line is the line number, from 1.
	Line int `json:"line"`
}

// String is "file:line".
func (l Location) String() string { return fmt.Sprintf("%s:%d", l.File, l.Line) }

// Near is "file:line" with the file relative to dir when it lies inside it: what a terminal
// or an editor opens from there.
func (l Location) Near(dir string) string {
	if dir != "" && filepath.IsAbs(l.File) {
		if rel, err := filepath.Rel(dir, l.File); err == nil && !strings.HasPrefix(rel, "..") {
			return fmt.Sprintf("%s:%d", rel, l.Line)
		}
	}
	return l.String()
}

// StepReport is one step of an attempt.
type StepReport struct {
	// Name says what the step did.
	Name string `json:"name"`
	// Depth is its nesting level, 0 for flow-level steps.
	Depth int `json:"depth"`
	// StartMS is its start, in milliseconds from the attempt's start.
	StartMS int64 `json:"start_ms"`
	// DurationMS is how long it took.
	DurationMS int64 `json:"duration_ms"`
	// Status is "ok", "FAIL", "skipped", "retried" (it failed in a try of F.ToPass or F.Poll
	// that another try followed) or "running".
	Status string `json:"status"`
	// Error is the step's failure, if any.
	Error string `json:"error,omitempty"`
}

// StepReports converts a step log to report form, with start times relative to origin.
func StepReports(ss []steps.Step, origin time.Time) []StepReport {
	out := make([]StepReport, len(ss))
	for i, s := range ss {
		out[i] = StepReport{
			Name: s.Name, Depth: s.Depth, Status: s.Result(),
			StartMS: s.Start.Sub(origin).Milliseconds(), DurationMS: s.Duration.Milliseconds(),
		}
		if s.Err != nil && !errors.Is(s.Err, steps.ErrSkipped) {
			out[i].Error = s.Err.Error()
		}
	}
	return out
}

// Reporter is told about a run as it goes. Implementations: the terminal list reporter and the
// junit.xml, report.json and index.html writers.
type Reporter interface {
	// RunStarted is called once before any flow starts.
	RunStarted(total, workers int)
	// FlowStarted is called when a flow's first attempt starts.
	FlowStarted(id string)
	// FlowEnded is called when a flow has its final status; done counts flows ended so far.
	FlowEnded(f FlowReport, done, total int)
	// RunEnded is called once with the whole run; file reporters write their file here.
	RunEnded(r *RunReport) error
}
