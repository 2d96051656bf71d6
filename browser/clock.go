package browser

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// clockJS installs the fake clock in a document, or sets its state there.
//
//go:embed clock.js
var clockJS string

// Clock is a tab's fake clock, as Playwright's page.clock: the page's Date, timers and
// performance.now run on a time the test sets. It is injected JavaScript (fake timers), as
// Playwright's is, rather than CDP's virtual time (Emulation.setVirtualTimePolicy): virtual
// time pauses the whole renderer, network and animation frames included, and knows neither
// "jump ahead firing what is due once" nor "pause at a time"; fake timers do exactly those,
// on any browser e2e drives. The clock follows the tab to each new document it loads, at the
// time it had then. requestAnimationFrame keeps real time.
type Clock struct {
	page  *rod.Page
	setup time.Duration

	mu     sync.Mutex
	script proto.PageScriptIdentifier // the init script that installs it in new documents
}

// clockState is the clock as clock.js keeps it: its time (ms since the epoch), at the
// browser's real time realAt, and whether it is paused.
type clockState struct {
	Now    float64 `json:"now"`
	RealAt float64 `json:"realAt"`
	Paused bool    `json:"paused"`
}

// InstallClock installs a fake clock in p starting at at, flowing from there with real time:
// in its document now and in each one it loads next. setup bounds each CDP call.
func InstallClock(p *rod.Page, at time.Time, setup time.Duration) (*Clock, error) {
	c := &Clock{page: p, setup: setup}
	// realAt 0 and not paused would count the browser's whole real time: take the browser's
	// clock first.
	tp := p.Timeout(setup)
	defer tp.CancelTimeout()
	real, err := tp.Eval(`() => Date.now()`)
	if err != nil {
		return nil, fmt.Errorf("clock: install at %s: %w", at.Format(time.RFC3339), err)
	}
	st := clockState{Now: float64(at.UnixMilli()), RealAt: real.Value.Num()}
	if err := c.apply("install at "+at.Format(time.RFC3339), fmt.Sprintf("(%s)(%s)", clockJS, jsonOf(st))); err != nil {
		return nil, err
	}
	return c, nil
}

// FastForward moves the clock d ahead at once, firing each timer due by then once: the laptop
// lid closed for d.
func (c *Clock) FastForward(d time.Duration) error {
	return c.apply("fast-forward "+d.String(), fmt.Sprintf("__e2eClock.fastForward(%d)", d.Milliseconds()))
}

// RunFor moves the clock d ahead, firing every timer due on the way, each as often as it
// falls due.
func (c *Clock) RunFor(d time.Duration) error {
	return c.apply("run for "+d.String(), fmt.Sprintf("__e2eClock.runFor(%d)", d.Milliseconds()))
}

// PauseAt moves the clock ahead to t, firing each timer due by then once, and stops it there:
// no timer fires until the next FastForward, RunFor, PauseAt or Resume.
func (c *Clock) PauseAt(t time.Time) error {
	return c.apply("pause at "+t.Format(time.RFC3339), fmt.Sprintf("__e2eClock.pauseAt(%d)", t.UnixMilli()))
}

// Resume lets a paused clock flow with real time again.
func (c *Clock) Resume() error { return c.apply("resume", "__e2eClock.resume()") }

// Now returns the clock's time in the page, in UTC.
func (c *Clock) Now() (time.Time, error) {
	st, err := c.state("read the time", "undefined")
	if err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(int64(st.Now)).UTC(), nil
}

// apply runs js in the page, then makes new documents install the clock as it now is.
func (c *Clock) apply(what, js string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, err := c.state(what, js)
	if err != nil {
		return err
	}
	tp := c.page.Timeout(c.setup)
	defer tp.CancelTimeout()
	if c.script != "" {
		if err := (proto.PageRemoveScriptToEvaluateOnNewDocument{Identifier: c.script}).Call(tp); err != nil {
			return fmt.Errorf("clock: %s: %w", what, err)
		}
		c.script = ""
	}
	res, err := proto.PageAddScriptToEvaluateOnNewDocument{Source: fmt.Sprintf("(%s)(%s)", clockJS, jsonOf(st))}.Call(tp)
	if err != nil {
		return fmt.Errorf("clock: %s: %w", what, err)
	}
	c.script = res.Identifier
	return nil
}

// state runs js in the page and returns the clock's state after it.
func (c *Clock) state(what, js string) (clockState, error) {
	tp := c.page.Timeout(c.setup)
	defer tp.CancelTimeout()
	var st clockState
	res, err := tp.Eval(fmt.Sprintf(`() => { %s; if (!globalThis.__e2eClock) throw new Error("no clock in this document: install it first"); return __e2eClock.state(); }`, js))
	if err == nil {
		err = res.Value.Unmarshal(&st)
	}
	if err != nil {
		return st, fmt.Errorf("clock: %s: %w", what, err)
	}
	return st, nil
}

// jsonOf is v as JSON.
func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
