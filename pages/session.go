// Package pages holds the building blocks of page objects and e2e's own HTML report's page
// object. A suite's page objects (the reference shop's are in pages/shoppages) wrap the flow's
// Session and find elements with locators (GetByRole, GetByLabel, GetByText, GetByTestID,
// Locator, ...), as a user would; every action waits until its one element is actionable, is a
// step in the flow's step log, and fails with one line naming the page and the element.
// Web-first assertions (Expect, ExpectPage) wait for what the user should see, and
// ExpectResponse for what the app answered.
package pages

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/go-rod/rod/lib/utils"

	"github.com/e2e-dev/e2e/steps"
)

// Session is what every page object of one flow shares.
type Session struct {
	// Page is the flow's browser tab. Its context is the flow's: cancelling it stops every
	// action.
	Page *rod.Page
	// BaseURL is where the app under test is, as the browser reaches it, without a trailing "/".
	BaseURL string
	// Steps records each action; nil records nothing.
	Steps *steps.StepLog
	// Timeout bounds each action (finding, waiting for, and acting on an element).
	Timeout time.Duration
	// Highlight, when set, is called on each element before an action touches it, with the
	// step's name (see browser.Highlight).
	Highlight func(el *rod.Element, label string)
	// SensitiveField, when set, says which form fields hold secrets beyond those Fill is told
	// of (the configured redaction names): their values are shown as *** too.
	SensitiveField func(name string) bool
	// Trace, when set, is told of each action as it ends (artifacts.trace).
	Trace Tracer

	target *ActionTarget // what the running action looks for, nil outside actions
	// TestIDAttribute is the attribute GetByTestID reads; "" means data-testid.
	TestIDAttribute string
	// SaveScreenshot, when set, keeps the screenshot a failed assertion takes and returns where
	// it is, for the failure message. (A flow's evidence has its own, taken at the first failure.)
	SaveScreenshot func(png []byte) (string, error)

	lastResponse *Response // what the last ExpectResponse saw, told with a failing wait after it
	frames       axFrames  // the child frames the last accessibility-tree read found
}

// NewSession returns a session on page with a fast poll for element waits: rod's default
// backs off from 100ms, too slow for a page that answers in a few milliseconds.
// A timeout of 0 means steps.DefaultActionTimeout.
func NewSession(page *rod.Page, baseURL string, log *steps.StepLog, timeout time.Duration) *Session {
	if timeout <= 0 {
		timeout = steps.DefaultActionTimeout
	}
	return &Session{
		Page:    page.Sleeper(FastSleeper),
		BaseURL: strings.TrimRight(baseURL, "/"),
		Steps:   log,
		Timeout: timeout,
	}
}

// FastSleeper polls from 5ms, backing off to 100ms: a condition that holds is seen almost at
// once without flooding the browser while one does not.
func FastSleeper() utils.Sleeper {
	return utils.BackoffSleeper(5*time.Millisecond, 100*time.Millisecond, nil)
}

// TestID returns the CSS selector of a data-testid.
func TestID(id string) string { return `[data-testid="` + id + `"]` }

// Step runs fn as the step "<page>: <action>" of the step log. Page objects group their
// actions into intent-level steps with it.
func (s *Session) Step(page, action string, fn func() error) error {
	return s.Steps.Do(page+": "+action, fn)
}

// Action runs fn as the step "<page>: <action>" with a page bounded by the action timeout.
// Errors from a timeout say what was awaited and for how long; others are prefixed with page.
// It is the building block of every page-object method.
func (s *Session) Action(page, action string, fn func(p *rod.Page) error) error {
	return s.Step(page, action, func() error {
		p := s.Page.Timeout(s.Timeout)
		defer p.CancelTimeout()
		if s.Trace == nil {
			return s.explain(page, fn(p))
		}
		target := &ActionTarget{}
		s.target = target
		s.Trace.ActionStarted()
		err := s.explain(page, fn(p))
		s.target = nil
		s.Trace.ActionEnded(TracedAction{Step: s.Steps.Current(), Target: *target, Err: err})
		return err
	})
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
func (s *Session) explain(page string, err error) error {
	if err == nil {
		return nil
	}
	stopped := errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
	var we *waitError
	if ctxErr := s.Page.GetContext().Err(); stopped && ctxErr != nil {
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
		return &waitError{page: page, what: "timed out", after: s.Timeout, err: err}
	}
	if nav := explainNavigation(page, err); nav != nil {
		return nav
	}
	return fmt.Errorf("%s: %w", page, err)
}

// Visible waits until the element with data-testid id is visible on p (a page an Action
// handed over) and highlights it when highlighting is on.
func (s *Session) Visible(p *rod.Page, page, id string) (*rod.Element, error) {
	return s.visibleSel(p, page, TestID(id), fmt.Sprintf("%q", id), id)
}

// visibleSel waits until an element matching sel is visible; what names it in errors, label
// in the highlight.
func (s *Session) visibleSel(p *rod.Page, page, sel, what, label string) (*rod.Element, error) {
	s.aim(sel, nil)
	el, err := findVisible(p, sel)
	s.aim(sel, el)
	if err != nil {
		return nil, s.timeoutAs(p, page, what+" not visible", err)
	}
	if s.Highlight != nil {
		s.Highlight(el, page+": "+label)
	}
	return el, nil
}

// timeoutAs explains err as "<page>: <what> after <timeout>" when it is p's action timeout
// (and not the flow's end), and returns it unchanged otherwise.
func (s *Session) timeoutAs(p *rod.Page, page, what string, err error) error {
	if err != nil && isTimeout(err) && p.GetContext().Err() != nil && s.Page.GetContext().Err() == nil {
		var na *notActionable
		if errors.As(err, &na) {
			what += ": " + na.reason
		}
		return &waitError{page: page, what: what, after: s.Timeout, err: err}
	}
	return err
}

// present waits until an element with data-testid id is in the document, visible or not.
func (s *Session) present(p *rod.Page, page, id string) (*rod.Element, error) {
	s.aim(TestID(id), nil)
	el, err := find(p, TestID(id))
	s.aim(TestID(id), el)
	if err != nil {
		return nil, s.timeoutAs(p, page, fmt.Sprintf("%q not found", id), err)
	}
	return el, nil
}

func isTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

// Goto opens path (relative to BaseURL) and waits until the document has loaded.
func (s *Session) Goto(page, path string) error {
	return s.Action(page, "open "+path, func(p *rod.Page) error {
		if err := p.Navigate(s.BaseURL + path); err != nil {
			if isTimeout(err) && browserAnswers(p, s.Page.GetContext()) {
				return &waitError{page: page, what: "GET " + path + ": no answer from the app", after: s.Timeout, err: err}
			}
			return err
		}
		if err := p.WaitLoad(); err != nil {
			if isTimeout(err) && browserAnswers(p, s.Page.GetContext()) {
				return &waitError{page: page, what: "GET " + path + ": the page did not finish loading", after: s.Timeout, err: err}
			}
			return err
		}
		return nil
	})
}

// URL returns the page's current URL.
func (s *Session) URL() (string, error) { return PageURL(s.Page) }

// PageURL returns p's current URL, asked of the browser within p's context (so within the flow's
// time limit): rod's Page.Info asks in the browser's own context, and would wait forever on a
// browser that stopped answering.
func PageURL(p *rod.Page) (string, error) {
	res, err := proto.TargetGetTargetInfo{TargetID: p.TargetID}.Call(p.Browser().Context(p.GetContext()))
	if err != nil {
		return "", err
	}
	return res.TargetInfo.URL, nil
}

// Path returns the current URL's path and query, relative to BaseURL when it is under it.
func (s *Session) Path() (string, error) {
	u, err := s.URL()
	if err != nil {
		return "", err
	}
	if rest, ok := strings.CutPrefix(u, s.BaseURL); ok {
		if rest == "" {
			rest = "/"
		}
		return rest, nil
	}
	return u, nil
}

// ClickToNavigate clicks the element with data-testid id and waits until the document it leads
// to has loaded: for links and form submits.
func (s *Session) ClickToNavigate(page, id string) error {
	return s.Action(page, fmt.Sprintf("click %q and wait for the next page", id), func(p *rod.Page) error {
		el, err := s.Visible(p, page, id)
		if err != nil {
			return err
		}
		wait := waitNewDocument(p)
		if err := click(el); err != nil {
			return s.timeoutAs(p, page, fmt.Sprintf("%q could not be clicked", id), err)
		}
		return s.noNextPage(p, page, fmt.Sprintf("%q", id), wait())
	})
}

// Click clicks the element with data-testid id, once it is visible, enabled and not covered.
func (s *Session) Click(page, id string) error {
	return s.Action(page, fmt.Sprintf("click %q", id), func(p *rod.Page) error {
		el, err := s.Visible(p, page, id)
		if err != nil {
			return err
		}
		return s.timeoutAs(p, page, fmt.Sprintf("%q could not be clicked", id), click(el))
	})
}

// Fill replaces the value of the input named name (a form field's name attribute). A secret
// value is shown as *** in the step log.
func (s *Session) Fill(page, name, value string, secret bool) error {
	shown := value
	if secret || (s.SensitiveField != nil && s.SensitiveField(name)) {
		shown = "***"
	}
	return s.Action(page, fmt.Sprintf("fill %q with %q", name, shown), func(p *rod.Page) error {
		el, err := s.visibleSel(p, page, `[name="`+name+`"]`, fmt.Sprintf("input %q", name), name)
		if err != nil {
			return err
		}
		return s.timeoutAs(p, page, fmt.Sprintf("input %q could not be filled", name), fill(el, value))
	})
}

// Text returns the trimmed text of the visible element with data-testid id.
func (s *Session) Text(page, id string) (string, error) {
	var out string
	err := s.Action(page, fmt.Sprintf("read %q", id), func(p *rod.Page) error {
		el, err := s.Visible(p, page, id)
		if err != nil {
			return err
		}
		out, err = textOf(el)
		return err
	})
	return out, err
}

// WaitText waits until the element with data-testid id shows want (trimmed, exact).
func (s *Session) WaitText(page, id, want string) error {
	return s.Action(page, fmt.Sprintf("wait for %q to read %q", id, want), func(p *rod.Page) error {
		el, err := s.Visible(p, page, id)
		if err != nil {
			return err
		}
		err = el.Wait(rod.Eval(`(want) => this.textContent.trim() === want`, want))
		if err != nil && isTimeout(err) && s.Page.GetContext().Err() == nil {
			got, _ := textOf(el.Context(s.Page.GetContext()))
			return &waitError{page: page, what: fmt.Sprintf("%q still reads %q, want %q", id, got, want), after: s.Timeout, err: err}
		}
		return err
	})
}

// Has reports at once, without waiting, whether an element with data-testid id is on the page.
func (s *Session) Has(id string) (bool, error) {
	return has(s.Page, TestID(id))
}

// NavigationStatus returns the HTTP status of the response that loaded the current document.
func (s *Session) NavigationStatus() (int, error) {
	res, err := s.eval(`() => { const e = performance.getEntriesByType("navigation")[0]; return e ? e.responseStatus : 0 }`)
	if err != nil {
		return 0, fmt.Errorf("navigation status: %w", err)
	}
	return res.Value.Int(), nil
}

// Cookies returns the cookies the browser context would send to BaseURL, HttpOnly ones too, as
// net/http cookies (for f.API.WithCookies).
func (s *Session) Cookies() ([]*http.Cookie, error) {
	p := s.Page.Timeout(s.Timeout)
	defer p.CancelTimeout()
	cs, err := p.Cookies([]string{s.BaseURL + "/"})
	if err != nil {
		return nil, fmt.Errorf("cookies of %s: %w", s.BaseURL, err)
	}
	out := make([]*http.Cookie, len(cs))
	for i, c := range cs {
		out[i] = &http.Cookie{Name: c.Name, Value: c.Value}
	}
	return out, nil
}

// eval evaluates js on the page within the action timeout.
func (s *Session) eval(js string, args ...any) (*proto.RuntimeRemoteObject, error) {
	p := s.Page.Timeout(s.Timeout)
	defer p.CancelTimeout()
	return p.Eval(js, args...)
}
