package pages

import (
	"errors"
	"fmt"
	"strings"
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
const queryJS = `(steps, mode, gen, max, objTokens, ...objs) => {
	const given = new Map(objs.map((e, i) => [e, objTokens[i]]));
	const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
	const matcher = (m) => {
		if (m.re) { const re = new RegExp(m.re, m.flags || ""); return (t) => re.test(norm(t)); }
		const want = norm(m.text);
		if (m.exact && !m.ignoreCase) return (t) => norm(t) === want;
		const w = want.toLowerCase();
		if (m.exact) return (t) => norm(t).toLowerCase() === w;
		return (t) => norm(t).toLowerCase().includes(w);
	};
	const frameDoc = (e) => { if (e.localName !== "iframe" && e.localName !== "frame") return null; try { return e.contentDocument; } catch (_) { return null; } };
	// roots: the scope itself and every shadow root and frame document under it.
	const roots = (scope) => {
		const out = [scope];
		const walk = (r) => { for (const e of r.querySelectorAll("*")) {
			if (e.shadowRoot) { out.push(e.shadowRoot); walk(e.shadowRoot); }
			const d = frameDoc(e); if (d && d.documentElement) { out.push(d); walk(d); }
		} };
		if (scope.shadowRoot) { out.push(scope.shadowRoot); walk(scope.shadowRoot); }
		const d = scope.nodeType === 1 && frameDoc(scope); if (d && d.documentElement) { out.push(d); walk(d); }
		walk(scope);
		return out;
	};
	const deep = (scope) => { const out = []; for (const r of roots(scope)) for (const e of r.querySelectorAll("*")) out.push(e); return out; };
	const skip = new Set(["script", "style", "noscript", "template", "head", "title", "meta", "link"]);
	// textOf is an element's text without scripts' and styles', memoised: the innermost-match
	// rule asks for the text of every element and of its children.
	const texts = new Map();
	const textOf = (e) => {
		if (e.localName === "input") return /^(button|submit|reset)$/i.test(e.type) ? e.value : "";
		let t = texts.get(e);
		if (t !== undefined) return t;
		t = "";
		for (const n of e.childNodes) {
			if (n.nodeType === 3) t += n.data;
			else if (n.nodeType === 1 && !skip.has(n.localName)) t += textOf(n);
		}
		texts.set(e, t);
		return t;
	};
	const labelsOf = (e) => {
		const t = [];
		const al = e.getAttribute("aria-label"); if (al) t.push(al);
		const lb = e.getAttribute("aria-labelledby");
		if (lb) { const r = e.getRootNode(); t.push(lb.split(/\s+/).map((id) => { const x = r.getElementById && r.getElementById(id); return x ? x.textContent : ""; }).join(" ")); }
		if (e.labels) for (const l of e.labels) t.push(l.contains(e) ? l.textContent.replace(e.textContent, "") : l.textContent);
		return t;
	};
	const byAttr = (sel, attr, m) => (scope) => { const f = matcher(m); const out = []; for (const r of roots(scope)) for (const e of r.querySelectorAll(sel)) if (f(e.getAttribute(attr))) out.push(e); return out; };
	const kinds = {
		css: (st) => (scope) => roots(scope).flatMap((r) => [...r.querySelectorAll(st.arg)]),
		testid: (st) => (scope) => roots(scope).flatMap((r) => [...r.querySelectorAll("[" + st.attr + "=" + JSON.stringify(st.arg) + "]")]),
		xpath: (st) => (scope) => {
			const out = [];
			for (const r of roots(scope)) {
				if (r.nodeType === 11) continue;
				const doc = r.nodeType === 9 ? r : r.ownerDocument;
				const res = doc.evaluate(st.arg, r, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
				for (let i = 0; i < res.snapshotLength; i++) { const n = res.snapshotItem(i); if (n.nodeType === 1) out.push(n); }
			}
			return out;
		},
		text: (st) => (scope) => { const f = matcher(st.match); return deep(scope).filter((e) => !skip.has(e.localName) && f(textOf(e)) && ![...e.children].some((c) => !skip.has(c.localName) && f(textOf(c)))); },
		label: (st) => (scope) => { const f = matcher(st.match); return deep(scope).filter((e) => labelsOf(e).some(f)); },
		placeholder: (st) => byAttr("[placeholder]", "placeholder", st.match),
		alt: (st) => byAttr("img[alt], area[alt], input[alt]", "alt", st.match),
		title: (st) => byAttr("[title]", "title", st.match),
		role: (st) => (scope) => deep(scope).filter((e) => (given.get(e) || []).includes(st.token) ||
			(e.__e2eRole && e.__e2eRole.gen === gen && e.__e2eRole.tokens.includes(st.token))),
	};
	const run = (steps, start) => {
		let list = start;
		for (const st of steps) {
			if (st.kind === "nth") { const e = list.at(st.n); list = e ? [e] : []; continue; }
			if (st.kind === "hastext") { const f = matcher(st.match); list = list.filter((e) => f(textOf(e))); continue; }
			if (st.kind === "has") { list = list.filter((e) => run(st.sub, [e]).length > 0); continue; }
			const find = kinds[st.kind](st);
			const seen = new Set(), next = [];
			for (const s of list) for (const e of find(s)) if (!seen.has(e)) { seen.add(e); next.push(e); }
			list = next;
		}
		return list;
	};
	const list = run(steps, [document]);
	if (mode === "one") return list.length === 1 ? list[0] : list.length;
	if (mode === "all") return list.slice(0, max);
	return list.length;
}`

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
	if len(roles) == 0 {
		return steps, gen, []any{[]any{}}, nil
	}
	tree, err := l.s.axTree(p)
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
				if strings.EqualFold(role, st.role) && (st.name == nil || st.name.matches(name)) {
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
	var ee *rod.EvalError
	if errors.As(err, &ee) && ee.RuntimeExceptionDetails != nil && ee.Exception != nil {
		msg, _, _ := strings.Cut(ee.Exception.Description, "\n")
		return &badLocator{fmt.Errorf("%s: %s", l, msg)}
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
