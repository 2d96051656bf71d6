package axe

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/internal/js"
)

//go:embed state.js
var stateJS string

//go:embed probe.js
var probeJS string

//go:embed copy.js
var copyJS string

// lookJS looks at the page and copies a new state (copy.js's copyPage); copyPageJS copies it.
var (
	lookJS     = js.Declare(probeJS, copyJS)
	copyPageJS = js.Declare("(pending) => { return copyPage(pending) }", copyJS)
)

// Cache keeps axe's results by page shape (see probe.js) for a whole run, so that a page in the
// same shape, reached by many flows, is audited once. Its methods are safe for concurrent use.
type Cache struct {
	mu     sync.Mutex
	shapes map[string]*future
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{shapes: map[string]*future{}}
}

// future is the results of one run of axe, once it ends.
type future struct {
	done chan struct{} // closed when the run ends
	v    []Violation   // set before done closes
	err  error         // why the run failed
}

func newFuture() *future { return &future{done: make(chan struct{})} }

// resolve ends f's run with v, or err when it failed.
func (f *future) resolve(v []Violation, err error) {
	f.v, f.err = v, err
	close(f.done)
}

// claim returns the run of shape: one that ended or goes on, or, when there is none, a new one
// the caller owns (mine) and must resolve. A failed run is dropped, so that a later state of
// that shape runs axe again.
func (c *Cache) claim(shape string) (f *future, mine bool) {
	if c == nil {
		return newFuture(), true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.shapes[shape]; ok {
		select {
		case <-f.done:
			if f.err == nil {
				return f, false
			}
		default:
			return f, false
		}
	}
	f = newFuture()
	c.shapes[shape] = f
	return f, true
}

// known returns the keys of the runs that ended well or go on, so that a look at a page need
// not copy a state whose results the cache has or will have.
func (c *Cache) known() []string {
	keys := []string{}
	if c == nil {
		return keys
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, f := range c.shapes {
		select {
		case <-f.done:
			if f.err != nil {
				continue
			}
		default:
		}
		keys = append(keys, k)
	}
	return keys
}

// Auditor runs axe on a tab once per distinct state of its pages (the a11y audit): each time it
// is asked (as each page action begins, and as the flow ends), it looks at the page only if
// it changed since the last look, a new document or DOM changes, and runs axe only on a page
// shape the run's cache has no results for. With a host, it copies the page's state there and
// goes on while axe runs; Results waits for the runs. It is used by one flow at a time.
type Auditor struct {
	page  *rod.Page
	opts  map[string]any
	cache *Cache
	host  *Host // nil: axe runs in the tab itself

	mu        sync.Mutex
	last      string   // the state last audited
	lastShape string   // its shape
	states    []state  // one per state audited, in order
	errs      []string // looks that failed, for the report
}

// state is a state audited: its address and the run of axe that gives its results.
type state struct {
	url string
	run *future
}

// NewAuditor returns an auditor of p running axe with o, sharing cache (nil: none) with the
// run's other auditors, in host (nil: in p itself). Install it before p's first page loads.
func NewAuditor(p *rod.Page, o Options, cache *Cache, host *Host) *Auditor {
	return &Auditor{page: p, cache: cache, host: host, opts: runOptions(o)}
}

// runOptions are run.js's options for a run on a whole page with o.
func runOptions(o Options) map[string]any {
	return map[string]any{
		"version": Version, "element": false, "include": nonNil(o.Include), "exclude": nonNil(o.Exclude),
		"tags": nonNil(o.Tags), "disable": nonNil(o.DisableRules), "rules": nonNil(o.Rules),
	}
}

// Target is the tab's target id.
func (a *Auditor) Target() proto.TargetTargetID { return a.page.TargetID }

// Install has every new document of the tab count its changes (state.js), so that unchanged
// states are not looked at twice. axe-core itself never enters the tab's documents with a
// host, and without one only the documents it runs on.
func (a *Auditor) Install(ctx context.Context) error {
	if _, err := (proto.PageAddScriptToEvaluateOnNewDocument{Source: stateJS}).Call(a.page.Context(ctx)); err != nil {
		return fmt.Errorf("a11y audit: install: %w", err)
	}
	return nil
}

// Observe audits the page if its state is new. ctx bounds the calls to the tab; a failed look
// is noted (Errors) and the state looked at again at the next call.
func (a *Auditor) Observe(ctx context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.page.Context(ctx)
	var probe struct {
		State   string    `json:"state"`
		Shape   string    `json:"shape"`
		URL     string    `json:"url"`
		Changed int       `json:"changed"`
		Copy    *snapshot `json:"copy"` // the new state's copy for the host, when its run is not known
	}
	args := map[string]any{"last": a.last, "delta": a.lastShape != "", "lastShape": a.lastShape, "copy": a.host != nil, "known": []string{}}
	if a.host != nil {
		args["known"] = a.cache.known()
	}
	res, err := p.Evaluate(rod.Eval(lookJS, args))
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
	f, mine := a.cache.claim(key)
	if !mine {
		a.last, a.lastShape = probe.State, probe.Shape
		a.states = append(a.states, state{url: probe.URL, run: f})
		return
	}
	opts := maps.Clone(a.opts)
	opts["pending"] = delta
	if a.host != nil {
		snap := probe.Copy
		if snap == nil { // the run was known as the page was looked at, and has failed since
			var err error
			if snap, err = copyPage(p, delta); err != nil {
				f.resolve(nil, err)
				a.errs = append(a.errs, err.Error())
				return
			}
		}
		if !snap.Shadow { // a copy would lose its shadow roots: axe runs in the tab
			a.last, a.lastShape = probe.State, probe.Shape
			a.states = append(a.states, state{url: probe.URL, run: f})
			go func() {
				r, err := a.host.audit(snap, opts)
				if err != nil {
					f.resolve(nil, err)
					return
				}
				f.resolve(r.Violations, nil)
			}()
			return
		}
	}
	r, after, err := run(p, nil, opts)
	if err != nil {
		f.resolve(nil, err)
		a.errs = append(a.errs, err.Error())
		return
	}
	f.resolve(r.Violations, nil)
	a.last, a.lastShape = after, probe.Shape // after axe: changes it made itself are no new state
	a.states = append(a.states, state{url: r.URL, run: f})
}

// copyPage copies the page's state for the host, the elements changed since the last state
// audited marked when pending.
func copyPage(p *rod.Page, pending bool) (*snapshot, error) {
	var snap snapshot
	res, err := p.Evaluate(rod.Eval(copyPageJS, pending))
	if err == nil {
		err = json.Unmarshal([]byte(res.Value.JSON("", "")), &snap)
	}
	if err != nil {
		return nil, fmt.Errorf("axe: copy the page: %w", err)
	}
	return &snap, nil
}

// Results returns the results of every state audited, in order, once their runs have ended.
func (a *Auditor) Results() []*Results {
	rs, _ := a.collect()
	return rs
}

// Errors returns why looks and runs failed, in order, once the runs have ended.
func (a *Auditor) Errors() []string {
	_, errs := a.collect()
	return errs
}

// collect waits for the runs of the states audited (each ends within the host's timeout once
// the runs before it in the host have ended) and returns
// their results, and the errors of the looks and of the runs that failed.
func (a *Auditor) collect() ([]*Results, []string) {
	a.mu.Lock()
	states, errs := slices.Clone(a.states), slices.Clone(a.errs)
	a.mu.Unlock()
	var out []*Results
	for _, s := range states {
		<-s.run.done
		if s.run.err != nil {
			if !slices.Contains(errs, s.run.err.Error()) {
				errs = append(errs, s.run.err.Error())
			}
			continue
		}
		out = append(out, &Results{URL: s.url, Violations: s.run.v})
	}
	return out, errs
}
