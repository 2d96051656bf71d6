package pages

import (
	_ "embed"
	"fmt"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/utils"
	"github.com/ysmood/gson"
)

// waitFunctionJS runs the flow's function and tells a truthy result from a falsy one.
//
//go:embed wait_function.js
var waitFunctionJS string

// WaitForFunction polls js, a JavaScript function, with args (JSON-encoded) until it returns a
// truthy value, its promise awaited, and returns that value as JSON, as Playwright's
// page.waitForFunction; within the tab's timeout, which fails the flow with what js last
// returned. An exception js throws fails it at once. Polling goes on across navigations.
//
//	tab.WaitForFunction(`(n) => document.querySelectorAll(".row").length >= n`, 3)
func (tab *Tab) WaitForFunction(js string, args ...any) gson.JSON {
	var out gson.JSON
	fn := "(" + waitFunctionJS + ")((\n" + fnSource(js) + "\n))"
	tab.must(tab.act(tabLabel, "wait for function "+shortJS(js), func(p *rod.Page) error {
		last, answered := "", false
		err := utils.Retry(p.GetContext(), FastSleeper(), func() (bool, error) {
			res, err := p.Eval(fn, args...)
			switch {
			case err != nil && p.GetContext().Err() == nil && stale(err):
				return false, nil // a document being replaced: ask the next one
			case err != nil:
				return true, err
			case res.Value.Get("ok").Bool():
				out = res.Value.Get("value")
				return true, nil
			}
			last, answered = res.Value.Get("value").Str(), true
			return false, nil
		})
		switch {
		case err == nil:
			return nil
		case isTimeout(err) && tab.page.GetContext().Err() == nil:
			what := "function " + shortJS(js) + " never answered"
			if answered {
				what = "function " + shortJS(js) + " still returned " + last
			}
			return &waitError{page: tabLabel, what: what, after: tab.timeout, err: err}
		case isTimeout(err):
			return err
		}
		return fmt.Errorf("wait for function %s: %w", shortJS(js), scriptError(err))
	}))
	return out
}
