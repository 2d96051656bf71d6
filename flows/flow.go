// Package flows is e2e's engine room: the Flow and its F, the Suite a team writes, and the one
// runner both front doors use (cli for a suite's own command, flowtest for go test): workers
// with a browser each, a fresh incognito context per attempt, retries, timeouts, evidence and
// reports. It knows no app: the reference shop's suite is in flows/shopsuite.
package flows

import (
	"context"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/route"
	"github.com/e2e-dev/e2e/steps"
)

// Flow is one user journey, checked in the UI and in the backend.
type Flow struct {
	// Name identifies the flow in selection (--grep), reports and artifact folders.
	Name string
	// Doc says in one line what the flow proves.
	Doc string
	// Run walks the flow. It fails through f (f is a testify TestingT).
	Run func(f *F)
	// Session, when set, starts the flow signed in from the state its setup saved, instead of
	// signing in again. Flows that test signing in or out leave it nil.
	Session *Session
}

// T is what a flow fails through: *testing.T under go test, the runner's own T under e2e run.
// FailNow must not return (runtime.Goexit).
type T interface {
	Errorf(format string, args ...any)
	FailNow()
	Helper()
}

// F is what a flow gets: the pages of its own browser context, the API acting as the same user,
// the database probe, and the step log. It is a testify TestingT: require.Equal(f, ...).
type F struct {
	t T
	// Ctx is the flow's context: cancelled when the flow times out or the run stops.
	Ctx context.Context
	// UI is the flow's browser tab, with its page objects.
	UI *pages.Session
	// API calls the app's JSON API with the flow's browser-context cookies.
	API *backend.API
	// DB reads the app's database; without one (no backend.db.dsn) every query fails with
	// backend.ErrNoDB, one line saying to set it.
	DB *backend.Probe
	// Steps is the flow's step log.
	Steps *steps.StepLog
	// Secret registers a value to redact from every artifact and report.
	Secret func(string)
	// Network virtualises the services the flow's tab talks to: routes (mock, fail, delay,
	// patch, replay from HAR) and network conditions (offline, latency, throughput). Its
	// routes end with the flow. Nil outside a runner's attempt.
	Network *route.Router

	mu       sync.Mutex
	failures []Failure
	stack    string
	onFail   func()
	kept     map[string]string // a session's values (Keep, Kept)
	values   map[any]any
	probes   *probes // F.Probe's, for the audit; nil outside an attempt
}

// Failure is one failed assertion of a flow.
type Failure struct {
	// Step is the running steps, outermost first, joined by " > ".
	Step string
	// Message is what the assertion said.
	Message string
}

// NewF returns the F of one flow attempt that fails through t. onFirstFailure, when set, runs
// once at the first failure, before the flow goes on or stops: the moment to capture evidence.
func NewF(ctx context.Context, t T, ui *pages.Session, api *backend.API, db *backend.Probe, steps *steps.StepLog, secret func(string), onFirstFailure func()) *F {
	if secret == nil {
		secret = func(string) {}
	}
	return &F{Ctx: ctx, t: t, UI: ui, API: api, DB: db, Steps: steps, Secret: secret, onFail: onFirstFailure}
}

// Errorf records a failure of the running step and reports it to T.
func (f *F) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	step := strings.Join(f.Steps.Running(), " > ")
	f.Steps.FailRunning(fmt.Errorf("%s", Summarize(msg)))
	f.mu.Lock()
	first := len(f.failures) == 0
	f.failures = append(f.failures, Failure{Step: step, Message: msg})
	f.mu.Unlock()
	if first && f.onFail != nil {
		f.onFail()
	}
	f.t.Helper()
	if step != "" {
		f.t.Errorf("step %q: %s", step, msg)
		return
	}
	f.t.Errorf("%s", msg)
}

// Route adds a route to the flow's tab and returns it, to assert its hits; a bad route fails
// the flow now. The first route added that matches a request handles it.
//
//	favs := f.Route(route.Match{Method: "PUT", URL: "/api/favourites/*"}, route.Fulfil{Status: 500})
//	...
//	require.Equal(f, 1, favs.Hits(), "PUT /api/favourites/* calls")
func (f *F) Route(m route.Match, a route.Action) *route.Route {
	f.t.Helper()
	if f.Network == nil {
		f.NoError(fmt.Errorf("route %s: this flow has no browser tab to route", m))
	}
	rt, err := f.Network.Route(m, a)
	f.NoError(err)
	return rt
}

// FailNow stops the flow.
func (f *F) FailNow() { f.t.FailNow() }

// Helper marks the caller as a helper.
func (f *F) Helper() { f.t.Helper() }

// Failures returns the failures so far.
func (f *F) Failures() []Failure {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Failure(nil), f.failures...)
}

// Step runs fn as a flow-level step: the page actions and backend checks inside it nest under
// its name in the step log and in failure messages. A panic in fn fails the step.
func (f *F) Step(name string, fn func()) {
	f.t.Helper()
	_ = f.Steps.Do(name, func() error {
		defer func() {
			if r := recover(); r != nil {
				panic(f.Panicked(r))
			}
		}()
		fn()
		return nil
	})
}

// recordedPanic is a panic F has already recorded as a failure, on its way up.
type recordedPanic struct{ value any }

// Panicked records the panic value r as a failure of the running step, with its stack, and
// returns what to panic with on the way up; a panic that was already recorded is not recorded
// again.
func (f *F) Panicked(r any) any {
	if _, ok := r.(recordedPanic); ok {
		return r
	}
	f.mu.Lock()
	f.stack = string(debug.Stack())
	f.mu.Unlock()
	f.Errorf("panic: %v", r)
	return recordedPanic{r}
}

// PanicStack returns the stack of the flow's panic, if it panicked.
func (f *F) PanicStack() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stack
}

// NoError fails the flow now when err is not nil. It is the flow's way to stop at a failed page
// action or backend call, whose error already names the page and the element.
func (f *F) NoError(err error) {
	if err != nil {
		f.t.Helper()
		f.Errorf("%v", err)
		f.FailNow()
	}
}

// Set stores value under key for the rest of this attempt only: a suite's BeforeEach hands the
// flow its fixtures (a fresh account) this way. Any value goes; it stays in memory, is never
// written anywhere and is not a secret. Keys are best of an unexported type of the suite's own,
// as with context.WithValue.
//
// Set is not Keep: Keep is for a Session's Setup, whose values outlive its attempt (saved with
// the signed-in state, read by other attempts and workers, masked as secrets).
func (f *F) Set(key, value any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.values == nil {
		f.values = map[any]any{}
	}
	f.values[key] = value
}

// Get returns the value Set stored under key, nil if none.
func (f *F) Get(key any) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.values[key]
}

var (
	testifyError   = regexp.MustCompile(`(?s)Error:\s+(.*?)(?:\n\s*(?:Test|Messages):|$)`)
	testifyMessage = regexp.MustCompile(`(?s)Messages:\s+(.*)$`)
	spaces         = regexp.MustCompile(`\s+`)
	notEqual       = regexp.MustCompile(`Not equal: expected: (.*?) actual ?: (.*?)(?: Diff: .*)?$`)
	notContain     = regexp.MustCompile(`^(.*?: )?(.*) does not contain (.*)$`)
	shouldNot      = regexp.MustCompile(`^(.*?: )?(.*) should not contain (.*)$`)
)

// Summarize turns an assertion message into one line: testify's "Messages" first, then its
// "Error" (what was expected against what was found), without the trace.
func Summarize(msg string) string {
	var parts []string
	if m := testifyMessage.FindStringSubmatch(msg); m != nil {
		parts = append(parts, strings.TrimSpace(m[1]))
	}
	if m := testifyError.FindStringSubmatch(msg); m != nil {
		parts = append(parts, strings.TrimSpace(m[1]))
	}
	if len(parts) == 0 {
		parts = []string{msg}
	}
	s := spaces.ReplaceAllString(strings.Join(parts, ": "), " ")
	s = notEqual.ReplaceAllString(s, "expected $1, found $2")
	s = notContain.ReplaceAllString(s, "${1}expected to contain $3, found $2")
	s = shouldNot.ReplaceAllString(s, "${1}expected not to contain $3, found $2")
	return strings.TrimSpace(s)
}

// Select returns the flows of all whose name matches grep (nil: all) and does not match invert
// (nil: none), in suite order.
func Select(all []Flow, grep, invert *regexp.Regexp) []Flow {
	var out []Flow
	for _, f := range all {
		if grep != nil && !grep.MatchString(f.Name) {
			continue
		}
		if invert != nil && invert.MatchString(f.Name) {
			continue
		}
		out = append(out, f)
	}
	return out
}
