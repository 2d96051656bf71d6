package runner

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/callsite"
	"github.com/e2e-dev/e2e/internal/flowstate"
)

// worker owns one browser for the whole run and runs flows one after another, each in a fresh
// incognito context.
type worker struct {
	id          int
	opts        *Options
	browserOpts browser.Options // opts.Browser, with the worker's own CPUs
	browser     *browser.Browser
	lost        bool // its browser died and was closed: get another before the next flow
	out         *output
	users       *userStore

	late    []lateAudit    // the findings still to come of the flow it ran last (takeLate)
	pending sync.WaitGroup // flows whose findings it waits for, beside its next flows (finishLate)
}

func (w *worker) close() {
	w.pending.Wait() // axe's last runs, in the browser's a11y host
	if w.browser != nil {
		_ = w.browser.Close()
	}
}

// maxLost is how many times a flow may lose its browser and be run again without it counting:
// a flow that loses it once more is failed as its attempt says, lest a flow that kills its
// browser itself (or a grid that never holds) run for ever.
const maxLost = 3

// run runs a job with its retries and returns its report. When an attempt lost its browser
// (found dead, or none to be had) and the job may be run again (maxLost), it returns at once with
// why, and the report is to be dropped: the attempt does not count. A bug of the runner's own
// that panics fails the flow, not the run.
func (w *worker) run(ctx context.Context, j job) (fr report.FlowReport, lost error) {
	fr = report.FlowReport{ID: j.id, Name: j.flow.Name, Project: j.projectName(), Repeat: j.repeat,
		Tags: j.flow.Tags, Annotations: annotations(j.flow)}
	if file, line, ok := callsite.Declared(j.flow.Run); ok {
		fr.Location = &report.Location{File: file, Line: line}
	}
	if j.flow.Skip != "" || j.flow.Fixme != "" {
		fr.Status = report.StatusSkipped // not run: no browser context, no attempt
		return fr, nil
	}
	defer func() {
		if r := recover(); r != nil {
			fr.Status, fr.Error = report.StatusFailed, fmt.Sprintf("internal error of the runner: %v", r)
			fr.Attempts = append(fr.Attempts, report.AttemptReport{Retry: len(fr.Attempts), Status: report.StatusFailed,
				Worker: w.id, Failure: &report.Failure{Message: fr.Error, Details: string(debug.Stack())}})
			w.restartIfDead()
		}
	}()
	for retry := 0; retry <= w.opts.Retries; retry++ {
		ar, lostBrowser := w.attempt(ctx, j, retry, len(j.lost) < maxLost)
		if lostBrowser != nil {
			return fr, lostBrowser
		}
		fr.Attempts = append(fr.Attempts, ar)
		fr.DurationMS += ar.DurationMS
		if ar.Failure != nil {
			fr.Error = ar.Failure.Message
		}
		if ar.Status != report.StatusFailed {
			break
		}
	}
	last := fr.Attempts[len(fr.Attempts)-1]
	if last.Status == report.StatusSkipped {
		fr.Annotations = append(fr.Annotations, report.Annotation{Type: report.AnnotationSkip, Description: last.SkipReason})
	}
	switch {
	case last.Status == report.StatusPassed && len(fr.Attempts) > 1:
		fr.Status = report.StatusFlaky
	default:
		fr.Status = last.Status
	}
	return fr, nil
}

// annotations are the marks a flow's declaration gives it: skip, fixme, slow.
func annotations(f flows.Flow) []report.Annotation {
	var out []report.Annotation
	if f.Skip != "" {
		out = append(out, report.Annotation{Type: report.AnnotationSkip, Description: f.Skip})
	}
	if f.Fixme != "" {
		out = append(out, report.Annotation{Type: report.AnnotationFixme, Description: f.Fixme})
	}
	if f.Slow {
		out = append(out, report.Annotation{Type: report.AnnotationSlow})
	}
	return out
}

// attempt runs one attempt of a job and keeps its evidence as the artifacts mode says. When
// mayLose and the attempt lost its browser (found dead during the attempt, or none could be
// opened), it returns why, keeps no evidence, and the attempt does not count; the dead browser
// is closed.
func (w *worker) attempt(runCtx context.Context, j job, retry int, mayLose bool) (ar report.AttemptReport, lost error) {
	ar = report.AttemptReport{Retry: retry, Worker: w.id, Started: time.Now()}
	defer func() { ar.DurationMS = time.Since(ar.Started).Milliseconds() }()

	// An API-only flow needs a browser only to sign its user in.
	if !j.flow.NoBrowser || j.flow.As != nil {
		if err := w.ensureBrowser(runCtx); err != nil {
			if mayLose && runCtx.Err() == nil {
				return ar, err
			}
			ar.Status, ar.Failure = report.StatusFailed, &report.Failure{Message: err.Error(), Step: "open the browser"}
			return ar, nil
		}
	}
	state, err := w.userState(runCtx, j.flow.As)
	if err != nil {
		ar.Status, ar.Failure = report.StatusFailed, &report.Failure{Message: err.Error(), Step: "sign in as " + j.flow.As.Name}
		return ar, nil
	}
	var user string
	if state != nil {
		user = j.flow.As.Name
	}
	var a *Attempt
	if j.flow.NoBrowser {
		a = startAPIAttempt(&w.opts.Env, j.id, j.project, state, user)
	} else {
		a, err = startAttemptFrom(runCtx, w.browser, &w.opts.Env, j.id, j.project, state, user)
	}
	if err != nil {
		if runCtx.Err() != nil {
			ar.Status = report.StatusInterrupted
			return ar, nil
		}
		ar.Status, ar.Failure = report.StatusFailed, w.setupFailure(err)
		if dead := w.browser.Dead(); dead != nil && mayLose {
			w.restartIfDead()
			return ar, dead
		}
		w.restartIfDead()
		return ar, nil
	}
	defer func() { _ = a.Close() }()
	a.signedIn = w.userState
	if w.opts.ArtifactsMode != artifacts.ModeOff {
		a.keepDir = filepath.Join(w.out.dir, attemptDir(j.id, retry))
	}

	failure, interrupted := w.walk(runCtx, j, a)
	if dead := w.browser.Dead(); dead != nil && failure != nil && mayLose && !interrupted {
		w.restartIfDead()
		return ar, lostIn(dead, failure)
	}
	failure = w.deadFailure(failure)
	failure, ar.Steps = a.Redacted(failure, report.StepReports(a.Steps().Steps(), a.Started()))
	reason, skipped := a.state.Skipped()
	switch {
	case interrupted:
		ar.Status = report.StatusInterrupted
	case failure != nil:
		ar.Status = report.StatusFailed
	case skipped:
		ar.Status, ar.SkipReason = report.StatusSkipped, a.text(reason)
	default:
		ar.Status = report.StatusPassed
	}
	if opts := w.opts.Env.Audit; opts != nil && !interrupted {
		var late func() []report.Finding
		ar.Audit, late = a.Audit(opts, ar.Steps)
		if late != nil {
			w.late = append(w.late, lateAudit{retry: retry, findings: late})
		}
		if fails := ar.Audit.Failing(); len(fails) > 0 && ar.Status == report.StatusPassed {
			ar.Status, failure = report.StatusFailed, auditFailure(fails)
		}
	}
	ar.Failure = failure

	failed := ar.Status == report.StatusFailed || ar.Status == report.StatusInterrupted
	keep := w.opts.ArtifactsMode.Keeps(failed)
	keepTrace := w.opts.ArtifactsMode != artifacts.ModeOff && w.opts.Env.Trace == artifacts.ModeOn
	keepAttached := w.opts.ArtifactsMode != artifacts.ModeOff && a.attached() // as Playwright, passed or failed
	if keep || keepTrace || keepAttached {
		dir := attemptDir(j.id, retry)
		files, err := a.WriteArtifacts(filepath.Join(w.out.dir, dir), w.out.dir,
			Outcome{Failed: failed, Failure: failure, ID: j.id, Audit: ar.Audit, TraceOnly: !keep && keepTrace, AttachmentsOnly: !keep && !keepTrace})
		ar.Dir, ar.Artifacts = filepath.ToSlash(dir), files
		if err != nil {
			w.artifactsNotWritten(j.id, err, ar.Failure)
		}
		if keep {
			diffs, err := a.WriteImageDiffs(filepath.Join(w.out.dir, dir), w.out.dir)
			ar.ImageDiffs = diffs
			if err != nil {
				w.artifactsNotWritten(j.id, err, ar.Failure)
			}
		}
	}
	if ar.Status == report.StatusFailed && w.opts.OnFailure != nil && runCtx.Err() == nil {
		info := FailureInfo{ID: j.id, Failure: failure}
		if ar.Dir != "" {
			info.Dir = filepath.Join(w.out.dir, ar.Dir)
		}
		if a.Page() != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			if u, err := browser.PageURL(a.Page().Context(ctx)); err == nil {
				info.URL = u
			}
			cancel()
		}
		w.opts.OnFailure(info)
	}
	if ar.Status == report.StatusFailed {
		w.restartIfDead()
	}
	return ar, nil
}

// walk runs the flow on its own goroutine, bounded by the flow timeout, and returns its
// failure (nil when it passed) and whether the run was interrupted meanwhile.
func (w *worker) walk(runCtx context.Context, j job, a *Attempt) (*report.Failure, bool) {
	timeout := w.opts.FlowTimeout
	if j.flow.Slow {
		timeout *= 3 // as Playwright's test.slow()
	}
	ctx, cancel := context.WithCancel(runCtx)
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(runCtx, timeout)
	}
	defer cancel()
	died := w.browser.Died() // a dead browser stops the flow at once

	t := &runT{}
	a.nameSnapshots(j)
	f, st := a.newF(ctx, t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				st.Panicked(r)
			}
		}()
		if after := w.opts.AfterEach; after != nil {
			defer func() {
				defer func() {
					if r := recover(); r != nil {
						st.Panicked(r)
					}
				}()
				f.Step("after each flow", func() { after(f) })
			}()
		}
		if before := w.opts.BeforeEach; before != nil {
			f.Step("before each flow", func() { before(f) })
		}
		j.flow.Run(f)
	}()

	var stoppedIn string
	select {
	case <-done:
	case <-died:
		stoppedIn = strings.Join(a.Steps().Running(), " > ")
		cancel()
		select {
		case <-done:
		case <-time.After(w.opts.Grace):
		}
	case <-ctx.Done():
		// Timed out or interrupted: note where it was, capture the evidence while the page is
		// as it was, then give the flow a moment to notice its cancelled context.
		stoppedIn = strings.Join(a.Steps().Running(), " > ")
		a.Capture()
		select {
		case <-done:
		case <-time.After(w.opts.Grace):
		}
	}

	interrupted := runCtx.Err() != nil
	timedOut := !interrupted && errors.Is(ctx.Err(), context.DeadlineExceeded)
	fails := st.Failures()
	switch {
	case interrupted:
		return &report.Failure{Message: "interrupted", Step: stoppedIn, Details: failureDetails(fails, "")}, true
	case timedOut:
		return &report.Failure{
			Message: fmt.Sprintf("flow timed out after %s", timeout),
			Step:    stoppedIn,
			Details: failureDetails(fails, ""),
		}, false
	case len(fails) > 0:
		f := failureOf(fails[0])
		f.Details = failureDetails(fails, st.PanicStack())
		for _, more := range fails[1:] {
			f.More = append(f.More, *failureOf(more))
		}
		return f, false
	}
	return nil, false
}

// failureOf is the report of one failure: its one line, its step and its location.
func failureOf(fail flowstate.Failure) *report.Failure {
	f := &report.Failure{Message: flowstate.Summarize(fail.Message), Step: fail.Step}
	if fr, ok := callsite.Pick(fail.Frames); ok {
		f.Location = &report.Location{File: fr.File, Line: fr.Line}
	}
	return f
}

// failureDetails is the full text of a flow's failures: for each, its step, what it said
// (without testify's trace) and the suite's own frames it came from, innermost first; a panic's
// whole stack only when no frame of the suite was on it (the engine's own bug).
func failureDetails(fails []flowstate.Failure, panicStack string) string {
	var b strings.Builder
	suiteFrames := false
	for i, f := range fails {
		if i > 0 {
			b.WriteString("\n")
		}
		if f.Step != "" {
			fmt.Fprintf(&b, "step %q: ", f.Step)
		}
		b.WriteString(flowstate.WithoutTrace(f.Message))
		b.WriteString("\n")
		if len(f.Frames) > 0 {
			suiteFrames = true
			b.WriteString("at:\n")
			for _, line := range strings.Split(strings.TrimSpace(callsite.Trace(f.Frames)), "\n") {
				b.WriteString("  " + line + "\n")
			}
		}
	}
	if panicStack != "" && !suiteFrames {
		b.WriteString("\n" + panicStack)
	}
	return strings.TrimSpace(b.String())
}

// ensureBrowser reopens the worker's browser if it was closed after a crash.
func (w *worker) ensureBrowser(ctx context.Context) error {
	if w.browser != nil {
		return nil
	}
	b, err := browser.Open(ctx, w.browserOpts)
	if err != nil {
		return fmt.Errorf("reopen the browser: %w", err)
	}
	w.browser, w.lost = b, false
	return nil
}

// restartIfDead closes (kills, or for a grid deletes the session of) a browser that no longer
// answers, so the next attempt gets a new one. A close that fails is said in one line.
func (w *worker) restartIfDead() {
	if w.browser != nil && !w.browser.Alive() {
		if err := w.browser.Close(); err != nil {
			w.warnf("worker %d: closing its dead browser: %v", w.id, oneLine(err))
		}
		w.browser, w.lost = nil, true
	}
}
