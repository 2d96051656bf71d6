// Package flowstate is a flow attempt's F as the runner sees it: what the runner hands the flow
// (its tab, its API and database clients, its step log, its routes) and what it reads back (the
// failures, a panic's stack, the values stored). Package flows wraps a State in its F; nothing
// outside the engine sees it.
package flowstate

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/internal/callsite"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/route"
	"github.com/e2e-dev/e2e/steps"
)

// State is one flow attempt, as the runner built it.
type State struct {
	// Ctx is the attempt's context: cancelled when the flow times out or the run stops.
	Ctx context.Context
	// T is what the flow fails through: the runner's own T, or a subtest's *testing.T.
	T steps.TestingT
	// Tab is the flow's browser tab.
	Tab *pages.Tab
	// API calls the app's JSON API as the flow's user.
	API *backend.API
	// DB reads the app's database.
	DB *backend.Probe
	// Steps is the attempt's step log.
	Steps *steps.StepLog
	// Router virtualises the tab's network; nil outside a runner's attempt.
	Router *route.Router
	// Secret registers a value to redact from every artifact and report; nil registers nothing.
	Secret func(string)
	// Probe records a probe string the flow typed, for the audit's reflected-input rule; nil
	// records nothing.
	Probe func(string)
	// OnFirstFailure, when set, runs once at the first failure, before the flow goes on or
	// stops: the moment to capture evidence.
	OnFirstFailure func()
	// NewTab opens another tab in the flow's browser context; nil when the flow has none.
	NewTab func() (*pages.Tab, error)
	// NewContext opens a browser context of its own for user (a *flows.User; nil: signed out)
	// and returns it; nil when the flow has no browser.
	NewContext func(user any) (*Context, error)
	// Attach keeps a file with the attempt's artifacts (F.Attach); nil when nothing keeps them.
	Attach func(name, contentType string, body []byte) error
	// ActionTimeout bounds the flow's actions and waits (timeouts.action), and the retrying
	// blocks (F.ToPass, F.Poll) that are given no timeout of their own; 0 means
	// steps.DefaultActionTimeout.
	ActionTimeout time.Duration

	mu       sync.Mutex
	failures []Failure
	stack    string
	values   map[string]string
	skipped  *string
	tries    []*Try // the retrying blocks' tries running, innermost last
}

// Context is a browser context of a flow beyond its own, as the runner opened it.
type Context struct {
	// Tab is its first tab.
	Tab *pages.Tab
	// API calls the app's API as its user.
	API *backend.API
	// NewTab opens another tab in it.
	NewTab func() (*pages.Tab, error)
}

// NewF is package flows' constructor of its F over a State, set by that package as it loads:
// the runner builds each attempt's *flows.F with it.
var NewF func(*State) any

// Failure is one failed assertion of a flow.
type Failure struct {
	// Step is the running steps, outermost first, joined by " > ".
	Step string
	// Message is what the assertion said.
	Message string
	// Frames are the suite's own frames of the call that failed (the flow's, its page
	// objects'), innermost first: where report.Failure.Location points and what error.txt shows.
	Frames []callsite.Frame
}

// Fail records msg as a failure of the running step and reports it to T; the first failure
// runs OnFirstFailure.
func (s *State) Fail(msg string) {
	frames := callsite.User(0)
	if tr := s.try(); tr != nil {
		tr.add(s, Failure{Step: strings.Join(s.Steps.Running(), " > "), Message: msg, Frames: frames})
		return
	}
	s.T.Helper()
	s.Record(Failure{Message: msg, Frames: frames})
}

// Record records f, made elsewhere (the last try of a retrying block), as a failure of the
// running step as Fail does: f.Step is set to the running steps.
func (s *State) Record(f Failure) {
	step := strings.Join(s.Steps.Running(), " > ")
	msg, frames := f.Message, f.Frames
	err := fmt.Errorf("%s", Summarize(msg))
	if (step == "" || s.Steps.InnermostFailed()) && !s.Steps.Shows(msg) {
		// A failure no step shows (an assertion between steps, or a second one in a step that
		// has failed already) gets a FAIL line of its own in steps.log, saying where, so that a
		// flow that went on after it does not read as all ok.
		s.Steps.NoteFailure("failed"+at(frames), err)
	}
	s.Steps.FailRunning(err)
	s.mu.Lock()
	first := len(s.failures) == 0
	s.failures = append(s.failures, Failure{Step: step, Message: msg, Frames: frames})
	s.mu.Unlock()
	if first && s.OnFirstFailure != nil {
		s.OnFirstFailure()
	}
	s.T.Helper()
	if step != "" {
		s.T.Errorf("step %q: %s", step, msg)
		return
	}
	s.T.Errorf("%s", msg)
}

// Errorf records a failure of the running step (Fail): a State is the TestingT of the flow's
// tab and clients, which fail the flow as F does.
func (s *State) Errorf(format string, args ...any) {
	s.T.Helper()
	s.Fail(fmt.Sprintf(format, args...))
}

// FailNow stops the flow; inside a try of a retrying block, it ends only the try.
func (s *State) FailNow() {
	if s.try() != nil {
		runtime.Goexit()
	}
	s.T.FailNow()
}

// Helper marks the caller as a helper.
func (s *State) Helper() { s.T.Helper() }

// Must fails the flow now with err, when there is one.
func (s *State) Must(err error) {
	if err != nil {
		s.T.Helper()
		s.Fail(err.Error())
		s.FailNow()
	}
}

// Skip records that the flow skipped itself, and why, and ends its goroutine.
func (s *State) Skip(reason string) {
	s.Steps.SkipRunning(reason)
	s.mu.Lock()
	s.skipped = &reason
	s.mu.Unlock()
	runtime.Goexit()
}

// Skipped returns why the flow skipped itself, and whether it did.
func (s *State) Skipped() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.skipped == nil {
		return "", false
	}
	return *s.skipped, true
}

// Failures returns the failures so far.
func (s *State) Failures() []Failure {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Failure(nil), s.failures...)
}

// at is " at file:line" of the suite's line frames point at (callsite.Pick), the file relative
// to the working directory when it lies inside it; "" when no frame is the suite's.
func at(frames []callsite.Frame) string {
	fr, ok := callsite.Pick(frames)
	if !ok {
		return ""
	}
	file := fr.File
	if wd, err := os.Getwd(); err == nil && filepath.IsAbs(file) {
		if rel, err := filepath.Rel(wd, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
	}
	return fmt.Sprintf(" at %s:%d", file, fr.Line)
}

// recordedPanic is a panic the State has already recorded as a failure, on its way up.
type recordedPanic struct{ value any }

// Panicked records the panic value r as a failure of the running step, with its stack, and
// returns what to panic with on the way up; a panic that was already recorded is not recorded
// again.
func (s *State) Panicked(r any) any {
	if _, ok := r.(recordedPanic); ok {
		return r
	}
	stack := string(debug.Stack())
	s.mu.Lock()
	if n := len(s.tries); n > 0 {
		s.tries[n-1].stack = stack
	} else {
		s.stack = stack
	}
	s.mu.Unlock()
	msg := fmt.Sprintf("panic: %v", r)
	if err, ok := r.(runtime.Error); ok && s.Tab == nil && strings.Contains(err.Error(), "nil pointer") && strings.Contains(stack, "/e2e/pages.") {
		msg += " (f.Tab is nil in a flow with no browser, Flow.NoBrowser: drop NoBrowser for a tab)"
	}
	s.Fail(msg)
	return recordedPanic{r}
}

// SetPanicStack keeps stack as the stack of the flow's panic: a retrying block's last try's.
func (s *State) SetPanicStack(stack string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stack = stack
}

// PanicStack returns the stack of the flow's panic, if it panicked.
func (s *State) PanicStack() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stack
}

// Set stores value under key.
func (s *State) Set(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = map[string]string{}
	}
	s.values[key] = value
}

// Lookup returns the value stored under key, and whether there is one.
func (s *State) Lookup(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[key]
	return v, ok
}

// Keys returns the keys of the values stored, sorted.
func (s *State) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.values))
}

// Values returns a copy of every value stored.
func (s *State) Values() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.values)
}
