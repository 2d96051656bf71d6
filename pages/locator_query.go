package pages

import (
	_ "embed"
	"fmt"
	"sync/atomic"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// queryJS runs a locator's chain in the page. Every step maps the elements the previous one
// matched (at first the document) to the elements it matches inside them, in document order,
// through open shadow roots and same-origin iframes. A "role" step keeps the elements the
// accessibility tree gave it: the top document's are passed in (objs, with their tokens), a
// frame's were marked with the query's generation beforehand (they live in another context). mode
// "one" returns the element when exactly one matches, else the count; "all" returns the
// first max elements; "count" the count.
//
//go:embed query.js
var queryJS string

// queryGen numbers the queries, so that role marks from an earlier query never count.
var queryGen atomic.Int64

// prepare copies the chain, giving every role step (filters' too) a token, and finds the
// elements the accessibility tree gives each role step: it returns the arguments the query
// script takes after its first four.
func (l *Locator) prepare(p *rod.Page) ([]step, int64, []any, error) {
	gen := queryGen.Add(1)
	var roles []*step
	var walk func([]step) []step
	walk = func(in []step) []step {
		out := append([]step(nil), in...)
		for i := range out {
			out[i].Sub = walk(out[i].Sub)
			if out[i].Kind == "role" {
				out[i].Token = fmt.Sprintf("r%d", len(roles))
				roles = append(roles, &out[i])
			}
		}
		return out
	}
	steps := walk(l.steps)
	if err := roleErrors(steps); err != nil {
		return nil, 0, nil, &badLocator{fmt.Errorf("%s: %w", l, err)}
	}
	if len(roles) == 0 {
		return steps, gen, []any{[]any{}}, nil
	}
	tree, err := l.tab.axTree(p)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("accessibility tree: %w", err)
	}
	match := func(nodes []*proto.AccessibilityAXNode) map[proto.DOMBackendNodeID][]string {
		marks := map[proto.DOMBackendNodeID][]string{}
		for _, n := range nodes {
			if n.Ignored || n.BackendDOMNodeID == 0 {
				continue
			}
			role, name := axString(n.Role), axString(n.Name)
			for _, st := range roles {
				if sameRole(role, st.role) && (st.name == nil || st.name.matches(name)) && st.statesMatch(n) {
					marks[n.BackendDOMNodeID] = append(marks[n.BackendDOMNodeID], st.Token)
				}
			}
		}
		return marks
	}
	args, err := resolveNodes(p, match(tree.main), match(tree.frames), gen)
	return steps, gen, args, err
}

// badLocator is a locator the page cannot run (an invalid CSS selector or XPath, a regexp
// JavaScript rejects): waiting would not help.
type badLocator struct{ err error }

func (e *badLocator) Error() string { return e.err.Error() }

// queryError turns the script's exception into a badLocator naming the locator, with the
// exception's first line.
func (l *Locator) queryError(err error) error {
	if thrown := scriptError(err); thrown != err {
		return &badLocator{fmt.Errorf("%s: %w", l, thrown)}
	}
	return err
}

// one returns the element l matches when exactly one does; otherwise nil and how many do.
func (l *Locator) one(p *rod.Page) (*rod.Element, int, error) {
	steps, gen, args, err := l.prepare(p)
	if err != nil {
		return nil, 0, err
	}
	defer l.release(p, steps, gen)
	res, err := p.Evaluate(rod.Eval(queryJS, append([]any{steps, "one", gen, 0}, args...)...).ByObject())
	if err != nil {
		return nil, 0, l.queryError(err)
	}
	if res.Subtype != proto.RuntimeRemoteObjectSubtypeNode {
		return nil, res.Value.Int(), nil
	}
	el, err := p.ElementFromObject(res)
	return el, 1, err
}

// count returns how many elements l matches now.
func (l *Locator) count(p *rod.Page) (int, error) {
	steps, gen, args, err := l.prepare(p)
	if err != nil {
		return 0, err
	}
	defer l.release(p, steps, gen)
	res, err := p.Eval(queryJS, append([]any{steps, "count", gen, 0}, args...)...)
	if err != nil {
		return 0, l.queryError(err)
	}
	return res.Value.Int(), nil
}

// all returns the first max elements l matches.
func (l *Locator) all(p *rod.Page, max int) (rod.Elements, error) {
	steps, gen, args, err := l.prepare(p)
	if err != nil {
		return nil, err
	}
	defer l.release(p, steps, gen)
	els, err := p.ElementsByJS(rod.Eval(queryJS, append([]any{steps, "all", gen, max}, args...)...))
	return els, l.queryError(err)
}

// release frees the objects prepare made for a query with role steps.
func (l *Locator) release(p *rod.Page, steps []step, gen int64) {
	if hasRole(steps) {
		releaseGroup(p, gen)
	}
}

// hasRole reports whether a chain (its filters' too) has a role step.
func hasRole(steps []step) bool {
	for _, st := range steps {
		if st.Kind == "role" || hasRole(st.Sub) {
			return true
		}
	}
	return false
}
