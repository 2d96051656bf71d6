// Package steps is the step log of a flow attempt: what page objects, backend probes and flows
// record as they act. It is ground level: it imports nothing of e2e.
package steps

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// DefaultActionTimeout bounds each step that acts or waits when no other bound is given: a page
// action, a backend probe's polling. It is the default of timeouts.action, and the one the
// runners, page sessions and probes fall back on.
const DefaultActionTimeout = 10 * time.Second

// TestingT is what a step fails through: a flow's F, a *testing.T, or anything else testify's
// require accepts. FailNow must not return (runtime.Goexit, as testing.T's).
type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
	Helper()
}

// Step is one page-object action, backend check or flow-level step of a flow attempt.
type Step struct {
	// Name says what the step does, e.g. `login page: click "login-submit"`.
	Name string
	// Depth is 0 for a flow-level step and grows for steps nested inside it.
	Depth int
	// Start is when the step began.
	Start time.Time
	// Duration is how long it took; zero while it runs.
	Duration time.Duration
	// Err is the step's failure, nil when it passed or still runs.
	Err error
	// Done is true once the step has ended.
	Done bool
}

// Result is "ok", "FAIL", "skipped" (the flow skipped itself inside it), "retried" (it failed in
// a try of a retrying block that another try followed) or "running".
func (s Step) Result() string {
	switch {
	case !s.Done:
		return "running"
	case errors.Is(s.Err, ErrSkipped):
		return "skipped"
	case errors.Is(s.Err, ErrRetried):
		return "retried"
	case s.Err != nil:
		return "FAIL"
	default:
		return "ok"
	}
}

// StepObserver is told when a step starts and ends. Observers are called synchronously on the
// flow's goroutine: a pause-before observer may block, a live printer must not.
type StepObserver interface {
	StepStarted(s Step)
	StepEnded(s Step)
}

// StepLog records the steps of one flow attempt. It is safe for concurrent use.
type StepLog struct {
	mu        sync.Mutex
	steps     []Step
	open      []int // indexes of running steps, innermost last
	observers []StepObserver
}

// NewStepLog returns an empty log that tells obs about every step.
func NewStepLog(obs ...StepObserver) *StepLog {
	return &StepLog{observers: obs}
}

// Do runs fn as the step name, recording its start, duration and result, and returns fn's
// error. A step that fn leaves by panicking or by runtime.Goexit (require's FailNow) still ends:
// with the failure FailRunning recorded, else "aborted".
func (l *StepLog) Do(name string, fn func() error) error {
	if l == nil {
		return fn()
	}
	i, s := l.begin(name)
	for _, o := range l.observers {
		o.StepStarted(s)
	}
	returned := false
	defer func() {
		if !returned {
			l.notifyEnd(l.end(i, ErrStepAborted))
		}
	}()
	err := fn()
	returned = true
	l.notifyEnd(l.end(i, err))
	return err
}

// ErrStepAborted ends a step that neither returned nor had a failure recorded.
var ErrStepAborted = errors.New("aborted")

// ErrRetried marks the failure of a step that ran in a try of a retrying block that another
// try followed (F.ToPass, F.Poll): it failed nothing, and reads "retried" (StepLog.Retried).
var ErrRetried = errors.New("retried")

// ErrSkipped ends the steps a flow was running when it skipped itself (SkipRunning).
var ErrSkipped = errors.New("skipped")

// SkipRunning ends every running step that has no failure yet as skipped, with why, once it
// exits: the flow skipped itself inside them.
func (l *StepLog) SkipRunning(reason string) {
	l.FailRunning(fmt.Errorf("%w: %s", ErrSkipped, reason))
}

// FailRunning records err as the failure of every running step that has none yet: a step whose
// function then returns nil, panics or exits still ends failed with err. Flows call it through
// their T when an assertion fails.
func (l *StepLog) FailRunning(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, i := range l.open {
		if l.steps[i].Err == nil {
			l.steps[i].Err = err
		}
	}
}

// FailNested records err as the failure of every running step nested deeper than depth (the
// steps of a retrying block's try) that has none yet: FailRunning for the try's own steps.
func (l *StepLog) FailNested(depth int, err error) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, i := range l.open {
		if k >= depth && l.steps[i].Err == nil {
			l.steps[i].Err = err
		}
	}
}

// Retried marks every step from index from on that has ended failed as retried (ErrRetried):
// they ran in a try that another try followed. Their error still says what failed.
func (l *StepLog) Retried(from int) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := max(from, 0); i < len(l.steps); i++ {
		s := &l.steps[i]
		if s.Done && s.Err != nil && !errors.Is(s.Err, ErrSkipped) && !errors.Is(s.Err, ErrRetried) {
			s.Err = retriedError{s.Err}
		}
	}
}

// retriedError is a step's failure in a try that another followed: it says what failed, and
// is ErrRetried.
type retriedError struct{ err error }

func (e retriedError) Error() string        { return e.err.Error() }
func (e retriedError) Is(target error) bool { return target == ErrRetried }
func (e retriedError) Unwrap() error        { return e.err }

// Len returns how many steps have been recorded.
func (l *StepLog) Len() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.steps)
}

func (l *StepLog) begin(name string) (int, Step) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := Step{Name: name, Depth: len(l.open), Start: time.Now()}
	l.steps = append(l.steps, s)
	i := len(l.steps) - 1
	l.open = append(l.open, i)
	return i, s
}

// end closes step i. An error recorded by FailRunning wins over a nil err, and over
// ErrStepAborted.
func (l *StepLog) end(i int, err error) Step {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := &l.steps[i]
	if s.Err == nil || (err != nil && err != ErrStepAborted) {
		s.Err = err
	}
	s.Duration, s.Done = time.Since(s.Start), true
	for j := len(l.open) - 1; j >= 0; j-- {
		if l.open[j] == i {
			l.open = append(l.open[:j], l.open[j+1:]...)
			break
		}
	}
	return *s
}

func (l *StepLog) notifyEnd(s Step) {
	for _, o := range l.observers {
		o.StepEnded(s)
	}
}

// Steps returns a copy of every step so far, in the order they started.
func (l *StepLog) Steps() []Step {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Step(nil), l.steps...)
}

// Current returns the index, in Steps' order, of the innermost step still running, or -1
// when none runs.
func (l *StepLog) Current() int {
	if l == nil {
		return -1
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.open) == 0 {
		return -1
	}
	return l.open[len(l.open)-1]
}

// Running returns the names of the steps still running, outermost first.
func (l *StepLog) Running() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	names := make([]string, len(l.open))
	for k, i := range l.open {
		names[k] = l.steps[i].Name
	}
	return names
}

// WriteText writes the log as steps.log does: one line per step with start time (relative to
// origin), duration, result and name, indented by depth.
func (l *StepLog) WriteText(w io.Writer, origin time.Time) error {
	for _, s := range l.Steps() {
		line := fmt.Sprintf("%s +%8.3fs %8s %-7s %s%s",
			s.Start.UTC().Format("15:04:05.000"), s.Start.Sub(origin).Seconds(),
			formatDuration(s.Duration), s.Result(), strings.Repeat("  ", s.Depth), s.Name)
		if s.Err != nil { // an error naming its step already is not prefixed with it twice
			line += ": " + strings.TrimPrefix(s.Err.Error(), s.Name+": ")
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

func formatDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
}

// Annotate appends note to the name of the innermost running step, e.g. the status an API call
// got: `api: GET /api/me` becomes `api: GET /api/me → 401`. Observers see the new name when the
// step ends.
func (l *StepLog) Annotate(note string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.open); n > 0 {
		l.steps[l.open[n-1]].Name += " " + note
	}
}

// Note records an event that is not an action of the flow (a routed request, a network
// decision) as a step that has already ended, nested under the steps running now. It may be
// called from any goroutine; observers are told only that it ended, so a pause-before observer
// never blocks the caller.
func (l *StepLog) Note(name string) { l.note(name, nil) }

// NoteFailure records a failure no step of the log reports itself (an assertion between steps,
// or one more in a step that has already failed) as a step named name that has already ended
// failed with err, nested under the steps running now: steps.log shows it as a FAIL line where
// it happened. Observers are told only that it ended, as for Note.
func (l *StepLog) NoteFailure(name string, err error) { l.note(name, err) }

func (l *StepLog) note(name string, err error) {
	if l == nil {
		return
	}
	l.mu.Lock()
	s := Step{Name: name, Depth: len(l.open), Start: time.Now(), Done: true, Err: err}
	l.steps = append(l.steps, s)
	l.mu.Unlock()
	l.notifyEnd(s)
}

// Shows reports whether steps.log already shows the failure msg: the last step recorded has
// ended failed with an error msg contains (a page action that failed, then failed the flow with
// its error).
func (l *StepLog) Shows(msg string) bool {
	if l == nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.steps)
	return n > 0 && l.steps[n-1].Done && l.steps[n-1].Err != nil && strings.Contains(msg, l.steps[n-1].Err.Error())
}

// InnermostFailed reports whether the innermost running step already has a failure recorded
// (FailRunning): false when no step runs.
func (l *StepLog) InnermostFailed() bool {
	if l == nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.open)
	return n > 0 && l.steps[l.open[n-1]].Err != nil
}
