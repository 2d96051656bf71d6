// Package pages holds the building blocks of page objects. A suite's page objects (the
// reference shop's are in pages/shoppages) are built on a flow's Tab and find elements with
// locators (GetByRole, GetByLabel, GetByText, GetByTestID, Locator, ...), as a user would; every
// action waits until its one element is actionable, is a step in the flow's step log, and fails
// the flow with one line naming the page object and the element. Web-first assertions (Expect,
// ExpectPage) wait for what the user should see, and ExpectResponse for what the app answered.
package pages

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/utils"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/steps"
)

// Tab is one browser tab of a flow: where its page objects find elements (GetByRole,
// GetByLabel, ...) and what they open, reload and read. Every call on it, and on its locators,
// fails the flow itself (through the TestingT it was built with) with one line naming the page
// object, the element and the reason, and returns nothing to check; Try is the one way to get
// such a failure back as an error instead.
type Tab struct {
	t       steps.TestingT
	page    *rod.Page
	baseURL string
	steps   *steps.StepLog
	timeout time.Duration
	o       TabOptions

	running      atomic.Pointer[trial] // the running Try, nil outside one
	target       *ActionTarget         // what the running action looks for, nil outside actions
	lastResponse *Response             // what the last ExpectResponse saw, told with a failing wait after it
	frames       axFrames              // the child frames the last accessibility-tree read found
	life         *lifecycle            // the top document's lifecycle, for WaitForLoadState
	clock        *Clock                // the tab's fake clock, once asked for
	closed       atomic.Bool           // Close closed it
	input        inputState            // the keys and mouse buttons Keyboard and Mouse hold down
}

// TabOptions are what the runner tells a tab beyond where the app is: how it shows, records
// and masks what it does.
type TabOptions struct {
	// BaseURL is where the app under test is, as the browser reaches it.
	BaseURL string
	// Steps records each action; nil records nothing.
	Steps *steps.StepLog
	// Timeout bounds each action (finding, waiting for, and acting on an element); 0 means
	// steps.DefaultActionTimeout.
	Timeout time.Duration
	// Highlight, when set, is called on each element before an action touches it, with the
	// step's name (see browser.Highlight).
	Highlight func(el *rod.Element, label string)
	// SensitiveField, when set, says which form fields hold secrets beyond those FillSecret is
	// told of (the configured redaction names): their values are shown as *** too.
	SensitiveField func(name string) bool
	// SecretHeader, when set, is told the name of each header SetExtraHTTPHeaders sends that
	// looks like it holds a credential (redact.SecretName): the runner redacts its values in the
	// HAR, as those of Authorization are.
	SecretHeader func(name string)
	// Secret, when set, is told of each secret value the flow hands the tab (such a header's
	// value, a cookie's value): the runner scrubs it from every artifact.
	Secret func(value string)
	// Trace, when set, is told of each action as it begins and ends (artifacts.trace).
	Trace Tracer
	// TestIDAttribute is the attribute GetByTestID reads; "" means data-testid.
	TestIDAttribute string
	// SaveScreenshot, when set, keeps the screenshot a failed assertion takes and returns where
	// it is, for the failure message. (A flow's evidence has its own, taken at the first failure.)
	SaveScreenshot func(png []byte) (string, error)
	// Snapshots say where screenshot and ARIA snapshot checks keep their baselines.
	Snapshots Snapshots
	// Name names the tab in its steps ("[tab 2] page: click ..."), in the trace and in its
	// evidence when a flow has several; "" for a flow's first tab.
	Name string
	// Context is the browser context the tab is in: ExpectPopup and ExpectDownload need it.
	Context *browser.Context
	// Dialogs handles the tab's JavaScript dialogs, dismissing those nothing expects;
	// ExpectDialog needs it.
	Dialogs *browser.Dialogs
	// Downloads follows the downloads of the tab's context; ExpectDownload needs it.
	Downloads *browser.Downloads
	// DownloadsDir is where ExpectDownload keeps each file, under its suggested name; "" keeps
	// them in memory only.
	DownloadsDir string
	// Popup, when set, makes a tab of the flow of a popup's page (recorded, its dialogs
	// handled, named); nil: a tab with these options, unnamed.
	Popup func(p *rod.Page) *Tab
	// OnClose, when set, is called as Close is about to close the tab: the runner stops looking
	// at it (its trace's captures, its evidence, its a11y audit).
	OnClose func()
}

// NewTab returns the tab of page that fails through t: a flow's F, or a *testing.T in a test
// that drives a page outside a flow. Its element waits poll fast: rod's default backs off from
// 100ms, too slow for a page that answers in a few milliseconds.
func NewTab(t steps.TestingT, page *rod.Page, o TabOptions) *Tab {
	if o.Timeout <= 0 {
		o.Timeout = steps.DefaultActionTimeout
	}
	return &Tab{
		t:       t,
		page:    page.Sleeper(FastSleeper),
		baseURL: strings.TrimRight(o.BaseURL, "/"),
		steps:   o.Steps,
		timeout: o.Timeout,
		o:       o,
		life:    followLifecycle(page),
	}
}

// FastSleeper polls from 5ms, backing off to 100ms: a condition that holds is seen almost at
// once without flooding the browser while one does not.
func FastSleeper() utils.Sleeper {
	return utils.BackoffSleeper(5*time.Millisecond, 100*time.Millisecond, nil)
}

// Step runs fn as a step of the flow's step log: a page object's intent-level step
// ("login page: log in as ann"), under which its actions nest.
func (tab *Tab) Step(name string, fn func()) {
	_ = tab.steps.Do(tab.named(name), func() error { fn(); return nil })
}

// SetDefaultTimeout sets how long each later action, read and assertion of the tab waits
// (timeouts.action by default), as Playwright's page.setDefaultTimeout.
func (tab *Tab) SetDefaultTimeout(d time.Duration) { tab.timeout = d }

// BaseURL is where the app under test is, as the browser reaches it, without a trailing "/".
func (tab *Tab) BaseURL() string { return tab.baseURL }

// Name is the tab's name in steps and evidence ("tab 2"), "" for a flow's first tab.
func (tab *Tab) Name() string { return tab.o.Name }

// named is a step's name as this tab's: led by its name in brackets when it has one.
func (tab *Tab) named(step string) string {
	if tab.o.Name == "" {
		return step
	}
	return "[" + tab.o.Name + "] " + step
}

// Rod returns the tab's rod page, bounded by the flow's time: the escape hatch for what e2e
// lacks. What is done through it is no step of the step log, the trace or the evidence.
func (tab *Tab) Rod() *rod.Page { return tab.page }

// must fails the flow with err, when there is one, or hands it to the running Try. A named
// tab's failure is led by its name, as its steps are: "[tab 2] page: ...".
func (tab *Tab) must(err error) {
	if err == nil {
		return
	}
	if name := tab.o.Name; name != "" && !strings.HasPrefix(err.Error(), "["+name+"] ") {
		err = fmt.Errorf("[%s] %w", name, err)
	}
	if tr := tab.running.Load(); tr != nil && tr.goroutine.Load() == goroutineID() {
		tr.err = err
		runtime.Goexit()
	}
	tab.t.Helper()
	tab.t.Errorf("%v", err)
	tab.t.FailNow()
}

// trial is a running Try: the goroutine that runs its fn, and the failure it caught. A failure
// on another goroutine (the flow's, while an ExpectDialog's action waits in a Try) is not its.
type trial struct {
	goroutine atomic.Uint64
	err       error
}

// goroutineID is the id of the calling goroutine, from the first line of its stack
// ("goroutine 42 [running]:"): Go gives no other way to tell goroutines apart, and a Try must.
func goroutineID() uint64 {
	var buf [64]byte
	line := buf[:runtime.Stack(buf[:], false)]
	line = bytes.TrimPrefix(line, []byte("goroutine "))
	id, _ := strconv.ParseUint(string(line[:max(bytes.IndexByte(line, ' '), 0)]), 10, 64)
	return id
}

// Try runs fn and returns the first failure of this tab's actions, reads and assertions in it
// instead of failing the flow, nil when there was none; fn stops at that failure. It is the one
// way a page object branches on an outcome, which it rarely should: a banner that may or may
// not show, a first visit that may or may not need a consent.
//
//	if err := tab.Try(func() { consent.Click() }); err != nil {
//		tab.Step("no consent banner: "+err.Error(), func() {})
//	}
//
// Other failures inside fn (an API call, a testify check on the flow) fail the flow as ever.
func (tab *Tab) Try(fn func()) error {
	outer := tab.running.Load()
	tr := &trial{}
	tab.running.Store(tr)
	defer tab.running.Store(outer)
	var (
		panicked any
		returned bool
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { panicked = recover() }()
		tr.goroutine.Store(goroutineID())
		fn()
		returned = true
	}()
	<-done
	switch {
	case panicked != nil:
		panic(panicked)
	case !returned && tr.err == nil:
		// fn stopped the flow itself (a failure outside this tab): stop it here too.
		tab.t.FailNow()
	}
	return tr.err
}

// act runs fn as the step "<page>: <action>" with a page bounded by the action timeout, and
// returns its failure: errors from a timeout say what was awaited and for how long; others are
// prefixed with page. It is the building block of every action and read.
func (tab *Tab) act(page, action string, fn func(p *rod.Page) error) error {
	return tab.steps.Do(tab.named(page+": "+action), func() error {
		if err := tab.checkOpen(page); err != nil {
			return err
		}
		p := tab.page.Timeout(tab.timeout)
		defer p.CancelTimeout()
		return tab.traced(func() error { return tab.explain(page, fn(p)) })
	})
}

// traced runs fn, an action, as an action of the trace, when one is recorded: the trace is told
// as it begins, what it looks for, and how it ended.
func (tab *Tab) traced(fn func() error) error { return tab.tracedAs(false, fn) }

// tracedAssertion runs fn, an assertion, as traced does, but tells an AssertionTracer that it is
// one as it begins.
func (tab *Tab) tracedAssertion(fn func() error) error { return tab.tracedAs(true, fn) }

func (tab *Tab) tracedAs(assertion bool, fn func() error) error {
	if tab.o.Trace == nil {
		return fn()
	}
	target := &ActionTarget{}
	tab.target = target
	if at, ok := tab.o.Trace.(AssertionTracer); ok && assertion {
		at.AssertionStarted()
	} else {
		tab.o.Trace.ActionStarted()
	}
	err := fn()
	tab.target = nil
	tab.o.Trace.ActionEnded(TracedAction{Step: tab.steps.Current(), Target: *target, Err: err})
	return err
}

// waitError is an action's failure to see what it waited for.
type waitError struct {
	page, what string
	after      time.Duration
	err        error
	detail     string // what follows, with its separator: ": covered by div", "; closest: ..."
}

func (e *waitError) Error() string {
	return fmt.Sprintf("%s: %s after %s%s", e.page, e.what, e.after, e.detail)
}

func (e *waitError) Unwrap() error { return e.err }

// explain turns a context error from a timed-out action into a waitError when fn did not
// already explain it, and leaves other errors alone.
func (tab *Tab) explain(page string, err error) error {
	if err == nil {
		return nil
	}
	stopped := errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
	var we *waitError
	if ctxErr := tab.page.GetContext().Err(); stopped && ctxErr != nil {
		// The flow's own time ran out (or the run was interrupted), not the action's.
		if errors.As(err, &we) {
			return fmt.Errorf("%s: %s: flow stopped (%w)", page, we.what, ctxErr)
		}
		return fmt.Errorf("%s: flow stopped: %w", page, ctxErr)
	}
	if errors.As(err, &we) {
		return err
	}
	if stopped {
		return &waitError{page: page, what: "timed out", after: tab.timeout, err: err}
	}
	if nav := explainNavigation(page, err); nav != nil {
		return nav
	}
	return fmt.Errorf("%s: %w", page, err)
}

func isTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}
