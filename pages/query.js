(steps, mode, gen, max, objTokens, ...objs) => {
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
			if (st.kind === "describe") continue;
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
}
