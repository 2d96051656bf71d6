package pages

import (
	"errors"
	"fmt"
	"time"
)

// Within returns the assertions with their own timeout, d, in place of the tab's action timeout
// (SetDefaultTimeout), as Playwright's expect(locator).toBeVisible({timeout}):
// f.Expect(l).Within(10 * time.Second).ToBeVisible(). It composes with Not in either order.
// ToPassAxe keeps its least time, 10s, when d is shorter. A d that is not positive fails the
// flow at once.
func (a *LocatorAssertions) Within(d time.Duration) *LocatorAssertions {
	a.l.tab.mustWithin("Expect("+a.l.String()+")", d)
	c := *a
	c.timeout = d
	return &c
}

// Within returns the page assertions with their own timeout, d, in place of the tab's action
// timeout: f.ExpectPage().Within(30 * time.Second).ToHavePath("/done"). See
// LocatorAssertions.Within.
func (a *PageAssertions) Within(d time.Duration) *PageAssertions {
	a.s.mustWithin("ExpectPage()", d)
	c := *a
	c.timeout = d
	return &c
}

// mustWithin fails the flow when d, given to Within, is not a timeout.
func (tab *Tab) mustWithin(what string, d time.Duration) {
	if d <= 0 {
		tab.t.Helper()
		tab.must(fmt.Errorf("%s.Within(%s): the timeout must be positive: give how long the assertion may poll, as Within(5 * time.Second)", what, d))
	}
}

// wait is how long the assertions poll: Within's timeout, else the tab's action timeout.
func (a *LocatorAssertions) wait() time.Duration { return waitOr(a.timeout, a.l.tab) }

// wait is how long the page assertions poll: Within's timeout, else the tab's action timeout.
func (a *PageAssertions) wait() time.Duration { return waitOr(a.timeout, a.s) }

func waitOr(d time.Duration, tab *Tab) time.Duration {
	if d > 0 {
		return d
	}
	return tab.timeout
}

// polledFor makes a wait error (an element not found, a timeout) say d, the assertion's own
// timeout, rather than the tab's action timeout it was made with.
func polledFor(err error, d time.Duration) error {
	var we *waitError
	if errors.As(err, &we) {
		we.after = d
	}
	return err
}
