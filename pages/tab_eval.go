package pages

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-rod/rod"
	"github.com/ysmood/gson"
)

// Evaluate runs js, a JavaScript function (`(a, b) => a + b`, `async () => await
// fetch("/api").then(r => r.status)`), in the page with args (JSON-encoded) and returns what it
// returns, its promise awaited, as JSON. It is a step of its own.
//
//	token := f.Tab.Evaluate(`() => localStorage.getItem("token")`).Str()
func (tab *Tab) Evaluate(js string, args ...any) gson.JSON {
	var out gson.JSON
	tab.must(tab.act(tabLabel, "evaluate "+shortJS(js), func(p *rod.Page) error {
		res, err := p.Eval(js, args...)
		if err != nil {
			return fmt.Errorf("evaluate %s: %w", shortJS(js), scriptError(err))
		}
		out = res.Value
		return nil
	}))
	return out
}

// scriptError is the exception a script threw, as its first line ("Error: boom"), or err when
// it threw none.
func scriptError(err error) error {
	var ee *rod.EvalError
	if errors.As(err, &ee) && ee.Exception != nil && ee.Exception.Description != "" {
		msg, _, _ := strings.Cut(ee.Exception.Description, "\n")
		return errors.New(msg)
	}
	return err
}

// shortJS is js on one line, cut at 60 characters, for a step's name.
func shortJS(js string) string {
	s := strings.Join(strings.Fields(js), " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return s
}

// Storage is the page's localStorage or sessionStorage, for the origin it shows.
type Storage struct {
	tab  *Tab
	area string // "localStorage" or "sessionStorage"
}

// LocalStorage is the page's localStorage.
func (tab *Tab) LocalStorage() Storage { return Storage{tab: tab, area: "localStorage"} }

// SessionStorage is the page's sessionStorage.
func (tab *Tab) SessionStorage() Storage { return Storage{tab: tab, area: "sessionStorage"} }

// Get returns the value stored under key, "" when none.
func (s Storage) Get(key string) string {
	return s.call(fmt.Sprintf("get %q", key), `(area, key) => window[area].getItem(key) ?? ""`, key).Str()
}

// Set stores value under key.
func (s Storage) Set(key, value string) {
	s.call(fmt.Sprintf("set %q", key), `(area, key, value) => window[area].setItem(key, value)`, key, value)
}

// Remove removes key.
func (s Storage) Remove(key string) {
	s.call(fmt.Sprintf("remove %q", key), `(area, key) => window[area].removeItem(key)`, key)
}

// Clear removes every key.
func (s Storage) Clear() { s.call("clear", `(area) => window[area].clear()`) }

// call runs js with the area and args as the step "page: <area> <what>".
func (s Storage) call(what, js string, args ...any) gson.JSON {
	var out gson.JSON
	s.tab.must(s.tab.act(tabLabel, s.area+" "+what, func(p *rod.Page) error {
		res, err := p.Eval(js, append([]any{s.area}, args...)...)
		if err != nil {
			return fmt.Errorf("%s %s: %w", s.area, what, scriptError(err))
		}
		out = res.Value
		return nil
	}))
	return out
}
