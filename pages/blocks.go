package pages

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// VisibleSelector waits until an element matching the CSS selector sel is visible on p (a page
// an Action handed over); what names it in errors ("product-link of product 3"), label in the
// highlight.
func (s *Session) VisibleSelector(p *rod.Page, page, sel, what, label string) (*rod.Element, error) {
	return s.visibleSel(p, page, sel, what, label)
}

// ClickElement clicks el once it is visible, enabled and not covered. An action timeout is
// explained as "<page>: <what> could not be clicked after <timeout>".
func (s *Session) ClickElement(p *rod.Page, page string, el *rod.Element, what string) error {
	return s.timeoutAs(p, page, what+" could not be clicked", click(el))
}

// WaitFailed is the error of an action that did not see what it waited for within the action
// timeout: "<page>: <what> after <timeout>", wrapping err.
func (s *Session) WaitFailed(page, what string, err error) error {
	return &waitError{page: page, what: what, after: s.Timeout, err: err}
}

// IsTimeout reports whether err is a context's end: an action's timeout or the flow's.
func IsTimeout(err error) bool { return isTimeout(err) }

// APIAnswer is the answer to a request a click caused, as the browser's network saw it.
type APIAnswer struct {
	// Method and Path are the request's.
	Method, Path string
	// Status is 0 when the request failed without an answer.
	Status int
	// Failure is why it failed, when it did.
	Failure string
}

// OK reports a 2xx answer.
func (a APIAnswer) OK() bool { return a.Status >= 200 && a.Status < 300 }

// String is "PUT /api/favourites/3 answered 500" or "PUT /api/favourites/3 failed: net::ERR...".
func (a APIAnswer) String() string {
	if a.Status == 0 {
		return fmt.Sprintf("%s %s failed: %s", a.Method, a.Path, a.Failure)
	}
	return fmt.Sprintf("%s %s answered %d", a.Method, a.Path, a.Status)
}

// ClickAndWaitAPI clicks el and waits until the browser has the answer to the request the click
// makes to a path starting with apiPath, so that what the UI shows next can be judged against
// what the app answered.
func (s *Session) ClickAndWaitAPI(p *rod.Page, el *rod.Element, apiPath string) (APIAnswer, error) {
	var ans APIAnswer
	sent := map[proto.NetworkRequestID]APIAnswer{}
	wait := p.EachEvent(func(e *proto.NetworkRequestWillBeSent) {
		if u, err := url.Parse(e.Request.URL); err == nil && strings.HasPrefix(u.Path, apiPath) {
			sent[e.RequestID] = APIAnswer{Method: e.Request.Method, Path: u.Path}
		}
	}, func(e *proto.NetworkResponseReceived) bool {
		a, ok := sent[e.RequestID]
		a.Status = e.Response.Status
		ans = a
		return ok
	}, func(e *proto.NetworkLoadingFailed) bool {
		a, ok := sent[e.RequestID]
		a.Failure = e.ErrorText
		ans = a
		return ok
	})
	if err := click(el); err != nil {
		return ans, err
	}
	wait()
	return ans, p.GetContext().Err()
}
