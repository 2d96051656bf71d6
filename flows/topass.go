package flows

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/e2e-dev/e2e/internal/flowstate"
)

// ToPassOptions bound a retrying block, F.ToPass or F.Poll, as the options of Playwright's
// toPass and expect.poll.
type ToPassOptions struct {
	// Timeout is how long the block retries; 0 means the flow's action timeout (timeouts.action).
	// A try running when it ends is not cut short (see F.ToPass).
	Timeout time.Duration
	// Intervals are the waits between tries, the last one repeated; nil means Playwright's
	// 100ms, 250ms, 500ms, then 1s.
	Intervals []time.Duration
}

// defaultIntervals are Playwright's waits between the tries of toPass and expect.poll.
var defaultIntervals = []time.Duration{100 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond, time.Second}

// retry is a retrying block as it runs: its bound, its waits and its tries so far.
type retry struct {
	st        *flowstate.State
	timeout   time.Duration
	intervals []time.Duration
	start     time.Time
	tries     int
	last      *flowstate.Try
	stopped   string // why the block stopped before its timeout ended, "" when it did not
}

// ToPass runs fn again and again until a run of it fails nothing, as Playwright's
// expect(async () => {...}).toPass(): for a backend check that becomes true asynchronously (a
// row a job writes, a count a queue updates).
//
//	f.ToPass(func() {
//		require.Equal(f, 3, f.DB.Count("SELECT count(*) FROM shelf WHERE user_id = ?", id))
//	}, flows.ToPassOptions{Timeout: 5 * time.Second})
//
// A try fails as a flow does: an assert or require failure, a failed page action, API call or
// query, a panic. It runs on a goroutine of its own, and a FailNow (require) ends only it. The
// failures of a try that another follows fail nothing: steps.log shows its failed steps as
// "retried" and a note; when the timeout ends, the last try's failures fail the flow, as
// "to pass within 5s (7 tries): <failure>", and stop it. Tries are Intervals apart, bounded by
// Timeout (default: the action timeout) and the flow's context. The waits inside fn (web-first
// assertions, Eventually) keep their own timeouts, and a try is not cut short: give them a short
// Within, as Playwright recommends; a try that runs past the timeout by more than the action
// timeout fails the block.
func (f *F) ToPass(fn func(), opts ...ToPassOptions) {
	f.Helper()
	r := f.retrying("ToPass", opts)
	f.Step("to pass", func() {
		passed := r.run(fn, nil)
		f.st.Steps.Annotate(fmt.Sprintf("(%s)", tries(r.tries)))
		if passed {
			return
		}
		prefix := fmt.Sprintf("to pass within %s (%s)", r.timeout, tries(r.tries))
		if r.stopped != "" {
			prefix = fmt.Sprintf("to pass stopped after %s (%s): %s", r.elapsed(), tries(r.tries), r.stopped)
		}
		r.fail(prefix)
	})
}

// retrying returns the block what (ToPass, Poll) as opts bound it, or fails the flow when they
// are not a bound.
func (f *F) retrying(what string, opts []ToPassOptions) *retry {
	f.Helper()
	r := &retry{st: f.st, timeout: f.st.Timeout(), intervals: defaultIntervals}
	if len(opts) > 1 {
		f.st.Must(fmt.Errorf("%s: %d ToPassOptions given: give at most one", what, len(opts)))
	}
	if len(opts) == 1 {
		o := opts[0]
		if o.Timeout < 0 {
			f.st.Must(fmt.Errorf("%s: ToPassOptions.Timeout %s is negative: give how long to retry, as 5 * time.Second, or 0 for the action timeout", what, o.Timeout))
		}
		if o.Timeout > 0 {
			r.timeout = o.Timeout
		}
		for _, d := range o.Intervals {
			if d <= 0 {
				f.st.Must(fmt.Errorf("%s: ToPassOptions.Intervals %v holds %s: every wait between tries must be positive", what, o.Intervals, d))
			}
		}
		if len(o.Intervals) > 0 {
			r.intervals = o.Intervals
		}
	}
	return r
}

// run tries fn until a try fails nothing and, when ok is set, ok says it passed; it returns
// whether one did.
func (r *retry) run(fn func(), ok func() bool) bool {
	r.start = time.Now()
	deadline := r.start.Add(r.timeout)
	for {
		if r.last != nil {
			r.st.EndTry(r.last, true, r.tries)
		}
		r.tries++
		tr, done := r.try(fn, deadline)
		r.last = tr
		if done && len(r.st.TryFailures(tr)) == 0 && (ok == nil || ok()) {
			r.st.EndTry(tr, false, r.tries)
			return true
		}
		if r.stopped != "" || !time.Now().Before(deadline) {
			r.st.EndTry(tr, false, r.tries)
			return false
		}
		wait := r.intervals[min(r.tries-1, len(r.intervals)-1)]
		timer := time.NewTimer(min(wait, time.Until(deadline)))
		select {
		case <-timer.C:
		case <-r.st.Ctx.Done():
			timer.Stop()
			r.stopped = r.ctxEnded()
			r.st.EndTry(tr, false, r.tries)
			return false
		}
	}
}

// try runs fn once as a try, on a goroutine of its own, and returns the try and whether fn
// returned (not a FailNow, a Skip or a panic). It waits for fn until the flow's context ends or
// the action timeout past deadline, whichever is first; a flow that skipped itself in fn stops.
func (r *retry) try(fn func(), deadline time.Time) (*flowstate.Try, bool) {
	tr := r.st.BeginTry()
	done := make(chan bool, 1)
	go func() {
		returned := false
		defer func() {
			if p := recover(); p != nil {
				r.st.Panicked(p)
			}
			done <- returned
		}()
		fn()
		returned = true
	}()
	bound := time.NewTimer(time.Until(deadline) + r.st.Timeout())
	defer bound.Stop()
	var returned bool
	select {
	case returned = <-done:
	case <-r.st.Ctx.Done():
		r.stopped = r.ctxEnded()
		grace := time.NewTimer(time.Second) // the try's waits end with the context: let them
		defer grace.Stop()
		select {
		case returned = <-done:
		case <-grace.C:
		}
	case <-bound.C:
		r.stopped = fmt.Sprintf("try %d still ran %s past the timeout: give the waits inside it a shorter Within", r.tries, r.st.Timeout())
	}
	if _, skipped := r.st.Skipped(); skipped {
		r.st.EndTry(tr, false, r.tries)
		runtime.Goexit()
	}
	return tr, returned
}

// ctxEnded says that the flow's context ended, and why.
func (r *retry) ctxEnded() string {
	why := "the flow was stopped"
	if r.st.Ctx.Err() == context.DeadlineExceeded {
		why = "the flow timed out"
	}
	return fmt.Sprintf("%s (%v)", why, r.st.Ctx.Err())
}

// fail fails the flow with the last try's failures, each in one line led by prefix, and stops
// it.
func (r *retry) fail(prefix string) {
	fails := r.st.TryFailures(r.last)
	if len(fails) == 0 {
		fails = []flowstate.Failure{{Message: "the last try ended with no failure recorded (a FailNow with no assertion before it?)"}}
	}
	if stack := r.st.TryStack(r.last); stack != "" {
		r.st.SetPanicStack(stack)
	}
	for _, fl := range fails {
		r.st.Record(flowstate.Failure{Message: prefix + ": " + flowstate.Summarize(fl.Message), Frames: fl.Frames})
	}
	r.st.FailNow()
}

// elapsed is how long the block has retried, to the tenth of a second.
func (r *retry) elapsed() time.Duration { return time.Since(r.start).Round(100 * time.Millisecond) }

// tries is "1 try" or "n tries".
func tries(n int) string {
	if n == 1 {
		return "1 try"
	}
	return fmt.Sprintf("%d tries", n)
}
