package axe

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

//go:embed state.js
var stateJS string

//go:embed probe.js
var probeJS string

// Cache keeps axe's results by page shape (see probe.js) for a whole run, so that a page in the
// same shape, reached by many flows, is audited once. Its methods are safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	shapes  map[string][]Violation
	running map[string]chan struct{} // closed when the run of a shape ends
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{shapes: map[string][]Violation{}, running: map[string]chan struct{}{}}
}

// claim returns the results of shape when the cache has them, waiting (within ctx) for
// another flow's run of the same shape; else it claims the run of shape for the caller, who
// must call done with the results (ok false: the run failed).
func (c *Cache) claim(ctx context.Context, shape string) (v []Violation, hit bool, done func(v []Violation, ok bool)) {
	noop := func([]Violation, bool) {}
	if c == nil {
		return nil, false, noop
	}
	for {
		c.mu.Lock()
		if v, ok := c.shapes[shape]; ok {
			c.mu.Unlock()
			return v, true, noop
		}
		wait, busy := c.running[shape]
		if !busy {
			ch := make(chan struct{})
			c.running[shape] = ch
			c.mu.Unlock()
			return nil, false, func(v []Violation, ok bool) {
				c.mu.Lock()
				if ok {
					c.shapes[shape] = v
				}
				delete(c.running, shape)
				c.mu.Unlock()
				close(ch)
			}
		}
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, false, noop // out of time: the caller runs it and notes its failure
		}
	}
}

// Auditor runs axe on a tab once per distinct state of its pages (the a11y audit): each time it
// is asked (as each page action begins, and as the flow ends), it looks at the page only if
// it changed since the last look, a new document or DOM changes, and runs axe only on a page
// shape the run's cache has no results for. It is used by one flow at a time.
type Auditor struct {
	page  *rod.Page
	opts  map[string]any
	cache *Cache

	mu        sync.Mutex
	last      string     // the state last audited
	lastShape string     // its shape
	results   []*Results // one per state audited, in order
	errs      []string   // runs that failed, for the report
}

// NewAuditor returns an auditor of p running axe with o, sharing cache (nil: none) with the
// run's other auditors. Install it before p's first page loads.
func NewAuditor(p *rod.Page, o Options, cache *Cache) *Auditor {
	return &Auditor{page: p, cache: cache, opts: map[string]any{
		"version": Version, "element": false, "include": nonNil(o.Include), "exclude": nonNil(o.Exclude),
		"tags": nonNil(o.Tags), "disable": nonNil(o.DisableRules),
	}}
}

// Install has every new document of the tab count its changes (state.js), so that unchanged
// states are not looked at twice. axe-core itself is injected only into the documents it runs
// on: most states of a run are of a shape another flow's state had, and need no run.
func (a *Auditor) Install(ctx context.Context) error {
	if _, err := (proto.PageAddScriptToEvaluateOnNewDocument{Source: stateJS}).Call(a.page.Context(ctx)); err != nil {
		return fmt.Errorf("a11y audit: install: %w", err)
	}
	return nil
}

// Observe audits the page if its state is new. ctx bounds the calls; a failed run is noted
// (Errors) and the state looked at again at the next call.
func (a *Auditor) Observe(ctx context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.page.Context(ctx)
	var probe struct {
		State   string `json:"state"`
		Shape   string `json:"shape"`
		URL     string `json:"url"`
		Changed int    `json:"changed"`
	}
	res, err := p.Evaluate(rod.Eval(probeJS, map[string]any{"last": a.last, "delta": a.lastShape != ""}))
	if err == nil {
		err = json.Unmarshal([]byte(res.Value.JSON("", "")), &probe)
	}
	if err != nil {
		a.errs = append(a.errs, fmt.Sprintf("axe: look at the page: %v", err))
		return
	}
	if probe.Shape == "" || probe.Changed >= 0 && probe.Shape == a.lastShape { // no new state, or none that axe would see
		a.last = probe.State
		return
	}
	// A later state of the document last audited is audited where it changed only: its other
	// parts' findings are those of the earlier state, and the flow's findings are their union.
	key, delta := probe.Shape, probe.Changed >= 0
	if delta {
		if probe.Changed == 0 {
			a.last, a.lastShape = probe.State, probe.Shape
			return
		}
		key = a.lastShape + ">" + probe.Shape
	}
	v, hit, done := a.cache.claim(ctx, key)
	if hit {
		a.last, a.lastShape = probe.State, probe.Shape
		a.results = append(a.results, &Results{URL: probe.URL, Violations: v})
		return
	}
	a.opts["pending"] = delta
	r, state, err := run(p, nil, a.opts)
	if err != nil {
		done(nil, false)
		a.errs = append(a.errs, err.Error())
		return
	}
	done(r.Violations, true)
	a.last, a.lastShape = state, probe.Shape // after axe: changes it made itself are no new state
	a.results = append(a.results, r)
}

// Results returns the results of every state audited, in order.
func (a *Auditor) Results() []*Results {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*Results(nil), a.results...)
}

// Errors returns why runs failed, in order.
func (a *Auditor) Errors() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.errs...)
}
