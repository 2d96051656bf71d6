// Package codegen records what a person does in a browser as e2e Go code: each click, typing,
// choice and navigation becomes a line on a locator (role and name first, then label, test
// id, text, CSS last), grouped into page-object methods by page (URL path, or hash route), with
// a response wait where a click made an API call, and a flow that walks them. `e2e codegen URL`
// is its command.
package codegen

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

//go:embed recorder.js
var recorderJS string

// binding is the page function the recorder script reports to.
const binding = "__e2eCodegen"

// Locator is how a recorded action names its element.
type Locator struct {
	// Kind is "role", "label", "placeholder", "testid", "text" or "css".
	Kind string `json:"kind"`
	// Role is the ARIA role (kind role).
	Role string `json:"role,omitempty"`
	// Name is the accessible name, label, placeholder, test id, text or CSS selector.
	Name string `json:"name"`
	// Exact says the text must match whole: a substring would match other elements too.
	Exact bool `json:"exact,omitempty"`
	// Hint is what a person reads on an element found by CSS (its text, name or id), to name
	// its method.
	Hint string `json:"hint,omitempty"`
}

// Request is an API call (fetch or XHR) the page made.
type Request struct {
	Method, URL string
	at          time.Time
}

// Action is one thing the person did.
type Action struct {
	// Kind is "goto", "click", "fill", "check", "uncheck", "select" or "press".
	Kind string `json:"kind"`
	// Loc is the element acted on (all kinds but goto).
	Loc Locator `json:"loc"`
	// Value is what was typed, chosen or pressed; the page URL for goto.
	Value string `json:"value"`
	// Secret marks a password: Value is empty, the code reads a variable.
	Secret bool `json:"secret"`
	// URL is the page's address when the action happened.
	URL string `json:"url"`
	// Navigates says the action loaded a new document (a link, a form's submit).
	Navigates bool `json:"-"`
	// API is the first API call the action made, if any.
	API *Request `json:"-"`

	at time.Time
}

// Recording is a recorded session.
type Recording struct {
	// Start is the URL the session began at.
	Start string
	// Actions are the recorded actions in order.
	Actions []Action
}

// apiWindow is how long after an action an API call or a navigation is taken as its effect.
const apiWindow = 2 * time.Second

// recorder collects a page's events.
type recorder struct {
	mu       sync.Mutex
	rec      Recording
	requests []Request
	onAction func(Action)
}

// Record installs the recorder on page, opens start and records until ctx is done or the page
// (or its browser) goes away, then returns what it recorded. onAction, if not nil, sees each
// action as the page reports it (typing reports every keystroke's value). page's own context
// must carry no deadline shorter than the session.
func Record(ctx context.Context, page *rod.Page, start string, onAction func(Action)) (*Recording, error) {
	u, err := url.Parse(start)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("codegen: %q is not a URL like http://localhost:8080/", start)
	}
	r := &recorder{rec: Recording{Start: start}, onAction: onAction}
	setup, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	p := page.Context(setup)
	if err := (proto.RuntimeAddBinding{Name: binding}).Call(p); err != nil {
		return nil, fmt.Errorf("codegen: install the recorder: %w", err)
	}
	if _, err := p.EvalOnNewDocument(recorderJS); err != nil {
		return nil, fmt.Errorf("codegen: install the recorder: %w", err)
	}
	for _, enable := range []interface{ Call(proto.Client) error }{proto.PageEnable{}, proto.NetworkEnable{}, proto.RuntimeEnable{}} {
		if err := enable.Call(p); err != nil {
			return nil, fmt.Errorf("codegen: %w", err)
		}
	}

	events, stop := context.WithCancel(ctx)
	defer stop()
	wait := page.Context(events).EachEvent(
		func(e *proto.RuntimeBindingCalled) {
			if e.Name == binding {
				r.action(e.Payload)
			}
		},
		func(e *proto.PageFrameNavigated) {
			if e.Frame.ParentID == "" {
				r.navigated(e.Frame.URL, false)
			}
		},
		func(e *proto.PageNavigatedWithinDocument) { r.navigated(e.URL, true) },
		func(e *proto.NetworkRequestWillBeSent) {
			if e.Type == proto.NetworkResourceTypeXHR || e.Type == proto.NetworkResourceTypeFetch {
				r.request(e.Request.Method, e.Request.URL)
			}
		},
	)
	// The page closing (its tab, or the browser's window) ends the session, as Ctrl-C does.
	closed := page.Browser().Context(events).EachEvent(
		func(e *proto.TargetDetachedFromTarget) bool { return e.SessionID == page.SessionID },
		func(e *proto.TargetTargetDestroyed) bool { return e.TargetID == page.TargetID },
	)
	done := make(chan struct{}, 2)
	go func() {
		wait()
		done <- struct{}{}
	}()
	go func() {
		closed()
		done <- struct{}{}
	}()
	if err := p.Navigate(start); err != nil {
		return nil, fmt.Errorf("codegen: open %s: %w", start, err)
	}
	select {
	case <-ctx.Done():
	case <-done:
	}
	stop()
	return r.recording(), nil
}

// action records the recorder script's report of an action.
func (r *recorder) action(payload string) {
	var a Action
	if err := json.Unmarshal([]byte(payload), &a); err != nil {
		return
	}
	a.at = time.Now()
	if r.onAction != nil {
		r.onAction(a)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := len(r.rec.Actions); n > 0 && a.Kind == "fill" {
		// Typing reports every keystroke: the field's last value is what counts.
		if last := &r.rec.Actions[n-1]; last.Kind == "fill" && last.Loc == a.Loc {
			*last = a
			return
		}
	}
	r.rec.Actions = append(r.rec.Actions, a)
}

// navigated records a new document (or a hash route): the effect of the last action when it
// came just after one, else the person went there (the first page, the address bar).
func (r *recorder) navigated(u string, sameDocument bool) {
	if !strings.HasPrefix(u, "http") {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := len(r.rec.Actions); n > 0 {
		// An action's effect, or a redirect just after the person went somewhere.
		if last := &r.rec.Actions[n-1]; time.Since(last.at) < apiWindow {
			if !sameDocument && (last.Kind == "click" || last.Kind == "press") {
				last.Navigates = true
			}
			return
		}
	}
	a := Action{Kind: "goto", Value: u, URL: u, at: time.Now()}
	r.rec.Actions = append(r.rec.Actions, a)
	if r.onAction != nil {
		r.onAction(a)
	}
}

// request records an API call.
func (r *recorder) request(method, u string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = append(r.requests, Request{Method: method, URL: u, at: time.Now()})
}

// recording returns the recording, each click given the first API call it made.
func (r *recorder) recording() *Recording {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := r.rec
	rec.Actions = append([]Action(nil), r.rec.Actions...)
	for _, q := range r.requests {
		for i := len(rec.Actions) - 1; i >= 0; i-- {
			a := &rec.Actions[i]
			if a.at.After(q.at) {
				continue
			}
			if (a.Kind == "click" || a.Kind == "press") && !a.Navigates && a.API == nil && q.at.Sub(a.at) < apiWindow {
				q := q
				a.API = &q
			}
			break
		}
	}
	return &rec
}
