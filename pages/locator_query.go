package pages

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/ysmood/gson"
)

// queryJS runs a locator's chain in the page. Every step maps the elements the previous one
// matched (at first the document) to the elements it matches inside them, in document order,
// through open shadow roots and same-origin iframes. A "role" step keeps the elements the
// accessibility tree gave it, which Go marked with the query's generation beforehand. mode
// "one" returns the element when exactly one matches, else the count; "all" returns the
// first max elements; "count" the count.
const queryJS = `(steps, mode, gen, max) => {
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
		role: (st) => (scope) => deep(scope).filter((e) => e.__e2eRole && e.__e2eRole.gen === gen && e.__e2eRole.tokens.includes(st.token)),
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

// prepare copies the chain, giving every role step (filters' too) a token, and marks the
// elements the accessibility tree gives each role step with the generation gen.
func (l *Locator) prepare(p *rod.Page) ([]step, int64, error) {
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
		return steps, gen, nil
	}
	nodes, err := axNodes(p)
	if err != nil {
		return nil, 0, fmt.Errorf("accessibility tree: %w", err)
	}
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
	return steps, gen, markNodes(p, marks, gen)
}

// maxMarking bounds the marking calls in flight: a role without a name may match hundreds.
const maxMarking = 16

// markNodes sets each node's tokens on it as the page's main world sees it, concurrently (one
// round trip each, a few in all).
func markNodes(p *rod.Page, marks map[proto.DOMBackendNodeID][]string, gen int64) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	slots := make(chan struct{}, maxMarking)
	for id, tokens := range marks {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			err := markNode(p, id, tokens, gen)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && first == nil {
				first = err
			}
		}()
	}
	wg.Wait()
	return first
}

func markNode(p *rod.Page, id proto.DOMBackendNodeID, tokens []string, gen int64) error {
	res, err := proto.DOMResolveNode{BackendNodeID: id}.Call(p)
	if err != nil {
		return nil // gone since the tree was read: it is not there to match
	}
	defer func() { _ = proto.RuntimeReleaseObject{ObjectID: res.Object.ObjectID}.Call(p) }()
	_, err = proto.RuntimeCallFunctionOn{
		ObjectID:            res.Object.ObjectID,
		FunctionDeclaration: `function (gen, tokens) { this.__e2eRole = {gen, tokens} }`,
		Arguments:           []*proto.RuntimeCallArgument{{Value: gson.New(gen)}, {Value: gson.New(tokens)}},
	}.Call(p)
	return err
}

// axNodes returns the accessibility tree of the page and of its child frames, read concurrently.
func axNodes(p *rod.Page) ([]*proto.AccessibilityAXNode, error) {
	var main *proto.AccessibilityGetFullAXTreeResult
	var tree *proto.PageGetFrameTreeResult
	var mainErr, treeErr error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); main, mainErr = proto.AccessibilityGetFullAXTree{}.Call(p) }()
	go func() { defer wg.Done(); tree, treeErr = proto.PageGetFrameTree{}.Call(p) }()
	wg.Wait()
	if mainErr != nil {
		return nil, mainErr
	}
	nodes := main.Nodes
	if treeErr != nil || len(tree.FrameTree.ChildFrames) == 0 {
		return nodes, nil
	}
	var frames []proto.PageFrameID
	var walk func([]*proto.PageFrameTree)
	walk = func(ts []*proto.PageFrameTree) {
		for _, t := range ts {
			frames = append(frames, t.Frame.ID)
			walk(t.ChildFrames)
		}
	}
	walk(tree.FrameTree.ChildFrames)
	results := make([][]*proto.AccessibilityAXNode, len(frames))
	for i, id := range frames {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A cross-origin frame runs in a process of its own: it has no tree here, and
			// locators do not look into it.
			if r, err := (proto.AccessibilityGetFullAXTree{FrameID: id}).Call(p); err == nil {
				results[i] = r.Nodes
			}
		}()
	}
	wg.Wait()
	for _, r := range results {
		nodes = append(nodes, r...)
	}
	return nodes, nil
}

func axString(v *proto.AccessibilityAXValue) string {
	if v == nil {
		return ""
	}
	return v.Value.Str()
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
	steps, gen, err := l.prepare(p)
	if err != nil {
		return nil, 0, err
	}
	res, err := p.Evaluate(rod.Eval(queryJS, steps, "one", gen, 0).ByObject())
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
	steps, gen, err := l.prepare(p)
	if err != nil {
		return 0, err
	}
	res, err := p.Eval(queryJS, steps, "count", gen, 0)
	if err != nil {
		return 0, l.queryError(err)
	}
	return res.Value.Int(), nil
}

// all returns the first max elements l matches.
func (l *Locator) all(p *rod.Page, max int) (rod.Elements, error) {
	steps, gen, err := l.prepare(p)
	if err != nil {
		return nil, err
	}
	els, err := p.ElementsByJS(rod.Eval(queryJS, steps, "all", gen, max))
	return els, l.queryError(err)
}
