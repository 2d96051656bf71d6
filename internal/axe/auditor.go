package axe

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

//go:embed state.js
var stateJS string

//go:embed audit.js
var auditJS string

// auditRunJS is audit.js with run.js in it.
var auditRunJS = strings.Replace(auditJS, "const run = RUN;", "const run = "+strings.TrimSpace(runJS)+";", 1)

// Auditor runs axe on a tab once per distinct state of its pages (the a11y audit): each time it
// is asked (as each page action begins, and as the flow ends), it runs axe only if the page
// changed since the last run, a new document or DOM changes. It is used by one flow at a time.
type Auditor struct {
	page *rod.Page
	opts map[string]any

	mu      sync.Mutex
	last    string     // the state last audited
	results []*Results // one per state audited, in order
	errs    []string   // runs that failed, for the report
}

// NewAuditor returns an auditor of p running axe with o. Install it before p's first page loads.
func NewAuditor(p *rod.Page, o Options) *Auditor {
	return &Auditor{page: p, opts: map[string]any{
		"version": Version, "element": false, "include": nonNil(o.Include), "exclude": nonNil(o.Exclude),
		"tags": nonNil(o.Tags), "disable": nonNil(o.DisableRules),
	}}
}

// Install has every new document of the tab count its changes (state.js), so that unchanged
// states are not audited twice.
func (a *Auditor) Install(ctx context.Context) error {
	if _, err := (proto.PageAddScriptToEvaluateOnNewDocument{Source: stateJS}).Call(a.page.Context(ctx)); err != nil {
		return fmt.Errorf("a11y audit: install: %w", err)
	}
	return nil
}

// Observe runs axe on the page if its state is new. ctx bounds the calls; a failed run is
// noted (Errors) and the state audited again at the next call.
func (a *Auditor) Observe(ctx context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.page.Context(ctx)
	res, err := a.observe(p)
	if err == nil && res.missing {
		if err = Inject(p); err == nil {
			res, err = a.observe(p)
			if err == nil && res.missing {
				err = fmt.Errorf("axe: not in the page after it was injected")
			}
		}
	}
	switch {
	case err != nil:
		a.errs = append(a.errs, err.Error())
	case res.results != nil:
		a.last = res.state
		a.results = append(a.results, res.results)
	default:
		a.last = res.state
	}
}

type observed struct {
	state   string
	missing bool
	results *Results
}

func (a *Auditor) observe(p *rod.Page) (observed, error) {
	a.opts["last"] = a.last
	res, err := p.Evaluate(rod.Eval(auditRunJS, a.opts).ByPromise())
	if err != nil {
		return observed{}, fmt.Errorf("axe: %w", err)
	}
	var out struct {
		State      string      `json:"state"`
		Missing    bool        `json:"missing"`
		URL        string      `json:"url"`
		Violations []Violation `json:"violations"`
	}
	if err := json.Unmarshal([]byte(res.Value.JSON("", "")), &out); err != nil {
		return observed{}, fmt.Errorf("axe: read its results: %w", err)
	}
	o := observed{state: out.State, missing: out.Missing}
	if !out.Missing && out.State != a.last {
		o.results = &Results{URL: out.URL, Violations: nonNilViolations(out.Violations)}
		sortViolations(o.results)
	}
	return o, nil
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

func nonNilViolations(v []Violation) []Violation {
	if v == nil {
		return []Violation{}
	}
	return v
}
