package runner

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
)

// errGlobalTimeout is the cause of the run's context when Options.GlobalTimeout passed.
var errGlobalTimeout = errors.New("global timeout reached")

// stopper ends a run early as Playwright's maxFailures and globalTimeout do: once max flows
// have failed for good (a flaky flow is no failure) the queue starts no more flows, and at the
// global timeout the run's context ends, interrupting the flows running. Either way the flows
// not started did not run, and why is the report's Stopped.
type stopper struct {
	max     int
	timeout time.Duration
	queue   *jobQueue

	mu     sync.Mutex
	failed int
	why    string
}

// withGlobalTimeout returns ctx bounded by d (none when d is 0), cancelled with errGlobalTimeout
// as its cause when d passes.
func withGlobalTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeoutCause(ctx, d, errGlobalTimeout)
}

// flowEnded counts f when it failed; at the max-th failure it stops the queue.
func (s *stopper) flowEnded(f report.FlowReport) {
	if s.max <= 0 || f.Status != report.StatusFailed {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed++
	if s.failed == s.max && s.why == "" {
		s.why = fmt.Sprintf("stopped after %s (--max-failures %d)", plural(s.max, "failure"), s.max)
		s.queue.stop()
	}
}

// reason says why the run stopped early, "" when it did not: ctx is the run's context, ended
// with errGlobalTimeout as its cause at the global timeout.
func (s *stopper) reason(ctx context.Context) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.why == "" && timedOut(ctx) {
		s.why = "global timeout of " + config.FormatDuration(s.timeout) + " reached"
	}
	return s.why
}

// timedOut reports whether the run's context ended at the global timeout.
func timedOut(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errGlobalTimeout)
}

// notRunAs returns how a job that never ran is reported: interrupted after Ctrl-C (interrupted),
// skipped when the app's reset failed (resetFailed), did-not-run when the run stopped early
// (stopped says why), else interrupted.
func notRunAs(interrupted, resetFailed bool, stopped string) func(job) report.FlowReport {
	return func(j job) report.FlowReport {
		f := report.FlowReport{ID: j.id, Name: j.flow.Name, Project: j.projectName(), Repeat: j.repeat, Status: report.StatusInterrupted,
			Attempts: []report.AttemptReport{}}
		switch {
		case interrupted:
		case resetFailed:
			f.Status, f.Error = report.StatusSkipped, "not run: the app's reset failed"
		case stopped != "":
			f = didNotRun(j, stopped)
		}
		return f
	}
}

// didNotRun is the report of a job the run never started because it stopped early (why).
func didNotRun(j job, why string) report.FlowReport {
	return report.FlowReport{ID: j.id, Name: j.flow.Name, Project: j.projectName(), Repeat: j.repeat, Tags: j.flow.Tags,
		Status: report.StatusSkipped, Error: "did not run: " + why,
		Annotations: []report.Annotation{{Type: report.AnnotationDidNotRun, Description: why}},
		Attempts:    []report.AttemptReport{}}
}

// plural is "1 failure", "2 failures".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
