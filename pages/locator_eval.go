package pages

import (
	_ "embed"
	"fmt"
	"math"
	"strings"

	"github.com/go-rod/rod"
	"github.com/ysmood/gson"
)

// Evaluate waits until l matches one element, visible or not, and runs js, a JavaScript
// function, with the element as its first argument and args (JSON-encoded) after it, as
// Playwright's locator.evaluate: it returns what js returns, its promise awaited, as JSON. An
// exception js throws fails the step at once.
//
//	n := tab.Locator("#list").Evaluate(`(ul, tag) => ul.querySelectorAll(tag).length`, "li").Int()
func (l *Locator) Evaluate(js string, args ...any) gson.JSON {
	var out gson.JSON
	l.do("evaluate "+shortJS(js)+" on", func(p *rod.Page) error {
		el, err := l.resolve(p, "found", nil)
		if err != nil {
			return err
		}
		res, err := el.Eval("function (...a) { return (\n"+fnSource(js)+"\n)(this, ...a) }", args...)
		if err != nil {
			return fmt.Errorf("evaluate %s on %s: %w", shortJS(js), l, scriptError(err))
		}
		out = res.Value
		return nil
	})
	return out
}

// evaluateAllJS runs a locator's query and a function on all its matches in one call.
//
//go:embed evaluate_all.js
var evaluateAllJS string

// EvaluateAll runs js, a JavaScript function, at once with the array of every element l
// matches (in document order, none when nothing matches) as its first argument and args after
// it, as Playwright's locator.evaluateAll; it returns what js returns, its promise awaited, as
// JSON. Like AllInnerTexts it does not wait: wait for the content first.
//
//	prices := tab.Locator(".price").EvaluateAll(`els => els.map(e => e.textContent)`)
func (l *Locator) EvaluateAll(js string, args ...any) gson.JSON {
	var out gson.JSON
	l.do("evaluate "+shortJS(js)+" on all of", func(p *rod.Page) error {
		steps, gen, roles, err := l.prepare(p)
		if err != nil {
			return err
		}
		defer l.release(p, steps, gen)
		query := append([]any{steps, "all", gen, math.MaxInt32}, roles...)
		fn := "(" + evaluateAllJS + ")(" + queryJS + ", (\n" + fnSource(js) + "\n))"
		res, err := p.Eval(fn, append(append([]any{len(query)}, query...), args...)...)
		if err != nil {
			return fmt.Errorf("evaluate %s on all of %s: %w", shortJS(js), l, scriptError(err))
		}
		out = res.Value
		return nil
	})
	return out
}

// fnSource is js, a function's source, without the blanks and semicolons around it, to call
// inside another script.
func fnSource(js string) string { return strings.Trim(js, "\t\n\v\f\r ;") }
