package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// TraceVersion is the version of trace.json this package writes and reads.
const TraceVersion = 1

// TraceFramesDir is the folder, inside an attempt's folder, that holds its trace's frames.
const TraceFramesDir = "trace"

// Trace is an attempt's trace, trace.json: a frame of the viewport after each page action,
// each step's time span, the console lines, and the failure's DOM snapshot and target. The
// network is the attempt's network.har, beside it.
type Trace struct {
	// Version is TraceVersion.
	Version int `json:"version"`
	// Started is the wall-clock origin of every time in milliseconds below (and the moment the
	// HAR's startedDateTime are compared with).
	Started time.Time `json:"started"`
	// Frames are the viewport captures, in the order taken.
	Frames []TraceFrame `json:"frames"`
	// Steps are the time spans of the attempt's steps, by the index of AttemptReport.Steps.
	Steps []TraceSpan `json:"steps"`
	// Console holds the console lines, in arrival order, redacted.
	Console []TraceConsole `json:"console,omitempty"`
	// Failure is where the attempt failed; nil when no action failed.
	Failure *TraceFailure `json:"failure,omitempty"`
	// Dropped counts frames not kept (past the most an attempt keeps).
	Dropped int `json:"dropped,omitempty"`
	// Notes say what could not be captured.
	Notes []string `json:"notes,omitempty"`
}

// TraceFrame is one viewport capture.
type TraceFrame struct {
	// File is the JPEG, relative to the attempt's folder (trace/0001.jpg).
	File string `json:"file"`
	// MS is when it was taken, in milliseconds from the attempt's start.
	MS float64 `json:"ms"`
	// Step is the index of the action it was taken after.
	Step int `json:"step"`
	// Tab names the tab it shows, "tab 2", when not the flow's first: the tab its action ran in.
	Tab string `json:"tab,omitempty"`
	// Width and Height are the image's pixels.
	Width int `json:"width"`
	// Height is the image's height in pixels.
	Height int `json:"height"`
	// ViewportWidth and ViewportHeight are the viewport's CSS pixels the image shows.
	ViewportWidth float64 `json:"viewport_width"`
	// ViewportHeight is the viewport's height in CSS pixels.
	ViewportHeight float64 `json:"viewport_height"`
	// Masks are the boxes painted over sensitive fields during the capture, as [left, top,
	// width, height] in viewport CSS pixels.
	Masks [][4]float64 `json:"masks,omitempty"`
}

// TraceSpan is one step's time span, in milliseconds from the attempt's start.
type TraceSpan struct {
	// StartMS is when the step began.
	StartMS float64 `json:"start_ms"`
	// EndMS is when it ended; the attempt's end for a step still running.
	EndMS float64 `json:"end_ms"`
}

// TraceConsole is one console line.
type TraceConsole struct {
	// MS is when it was logged, from the attempt's start.
	MS float64 `json:"ms"`
	// Level is debug, log, info, warn or error.
	Level string `json:"level"`
	// Text is the message, redacted.
	Text string `json:"text"`
}

// TraceFailure is the failing action: its frame, its target, and the DOM from before it acted.
type TraceFailure struct {
	// Step is the failing action's index.
	Step int `json:"step"`
	// Frame is the index of the frame taken at the failure, -1 when none was.
	Frame int `json:"frame"`
	// Selector is what the action looked for; empty when nothing.
	Selector string `json:"selector,omitempty"`
	// Target is the failing element's box [left, top, width, height] in viewport CSS pixels,
	// when it was on the page.
	Target *[4]float64 `json:"target,omitempty"`
	// DOM is the snapshot's file, relative to the attempt's folder; the target carries the
	// attribute data-e2e-target.
	DOM string `json:"dom,omitempty"`
	// DOMBefore says the snapshot is the DOM as the failing action found its element, before it
	// acted; false, as it failed (it found no element, or had brought a new document).
	DOMBefore bool `json:"domBefore,omitempty"`
	// AfterActions says the flow failed in a check after its page actions had passed (of the
	// page, the API or the database): Step, Selector, Target and DOM are then its last page
	// action's, and Frame the page as the flow failed.
	AfterActions bool `json:"afterActions,omitempty"`
}

// ReadTrace reads the trace.json at path.
func ReadTrace(path string) (*Trace, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t Trace
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("trace %s: %w", filepath.Base(path), err)
	}
	if t.Version != TraceVersion {
		return nil, fmt.Errorf("trace %s: version %d, this e2e reads %d", filepath.Base(path), t.Version, TraceVersion)
	}
	return &t, nil
}
