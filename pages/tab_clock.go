package pages

import (
	"errors"
	"time"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/browser"
)

// Clock is a tab's fake clock, as Playwright's page.clock: once installed, the page's Date,
// setTimeout, setInterval and performance.now run on a time the flow sets, in the tab's
// document and in each one it loads next. It is the tab's (Tab.Clock) because the fake timers
// live in the tab's documents: a popup or a new tab has its own, not installed.
//
//	clock := f.Tab.Clock()
//	clock.Install(time.Date(2030, 3, 14, 9, 0, 0, 0, time.UTC))
//	f.Tab.Goto("/#/@ann")
//	clock.FastForward(25 * time.Hour) // the page's timers due by then fire, once each
type Clock struct {
	tab *Tab
	c   *browser.Clock
}

// Clock returns the tab's fake clock, not installed yet.
func (tab *Tab) Clock() *Clock {
	if tab.clock == nil {
		tab.clock = &Clock{tab: tab}
	}
	return tab.clock
}

// Install installs the fake clock at t: from then on time flows from t with real time. Install
// it before the page loads what reads the time (before Goto) for the page to start at t.
func (c *Clock) Install(t time.Time) {
	c.do("install at "+t.Format(time.RFC3339), func() (err error) {
		if c.c != nil {
			return errors.New("clock: installed already")
		}
		c.c, err = browser.InstallClock(c.tab.page, t, c.tab.timeout)
		return err
	})
}

// FastForward moves the clock d ahead at once, firing each timer due by then once: the laptop
// lid closed for d.
func (c *Clock) FastForward(d time.Duration) {
	c.installed("fast-forward "+d.String(), func(bc *browser.Clock) error { return bc.FastForward(d) })
}

// RunFor moves the clock d ahead, firing every timer due on the way, each as often as it falls
// due.
func (c *Clock) RunFor(d time.Duration) {
	c.installed("run for "+d.String(), func(bc *browser.Clock) error { return bc.RunFor(d) })
}

// PauseAt moves the clock ahead to t, firing each timer due by then once, and stops it there
// until the next FastForward, RunFor, PauseAt or Resume.
func (c *Clock) PauseAt(t time.Time) {
	c.installed("pause at "+t.Format(time.RFC3339), func(bc *browser.Clock) error { return bc.PauseAt(t) })
}

// Resume lets a paused clock flow with real time again.
func (c *Clock) Resume() {
	c.installed("resume", func(bc *browser.Clock) error { return bc.Resume() })
}

// Now returns the clock's time in the page, in UTC.
func (c *Clock) Now() time.Time {
	var now time.Time
	c.tab.must(c.tab.read(tabLabel, func(*rod.Page) error {
		if c.c == nil {
			return errors.New("clock: not installed: call Clock().Install(t) first")
		}
		var err error
		now, err = c.c.Now()
		return err
	}))
	return now
}

// installed runs fn on the installed clock as the step "page: clock: WHAT".
func (c *Clock) installed(what string, fn func(bc *browser.Clock) error) {
	c.do(what, func() error {
		if c.c == nil {
			return errors.New("clock: not installed: call Clock().Install(t) first")
		}
		return fn(c.c)
	})
}

// do runs fn as the step "page: clock: WHAT".
func (c *Clock) do(what string, fn func() error) {
	c.tab.must(c.tab.act(tabLabel, "clock: "+what, func(*rod.Page) error { return fn() }))
}
