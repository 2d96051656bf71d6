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
		role: (st) => (scope) => {
			const hidden = st.hidden && hiddenRole(st);
			return deep(scope).filter((e) => (given.get(e) || []).includes(st.token) ||
				(e.__e2eRole && e.__e2eRole.gen === gen && e.__e2eRole.tokens.includes(st.token)) ||
				(hidden && hidden(e)));
		},
	};
	// composedParent is an element's parent, or its shadow root's host.
	const composedParent = (e) => e.parentElement || (e.parentNode && e.parentNode.host) || null;
	// hiddenRole matches the hidden elements of a role step (IncludeHidden), which the
	// accessibility tree leaves out: their role, name and states come from tags and attributes.
	const hiddenRole = (st) => {
		const name = st.match && matcher(st.match);
		return (e) => {
			if (roleOf(e) !== st.role || !isHidden(e)) return false;
			if (name && !name(nameOf(e, st.role))) return false;
			return (st.states || []).every((s) => stateOf(e, s.prop) === s.want);
		};
	};
	const isHidden = (e) => {
		if (!e.checkVisibility({ visibilityProperty: true })) return true;
		for (let x = e; x; x = composedParent(x)) if (x.getAttribute("aria-hidden") === "true") return true;
		return false;
	};
	const implicitRoles = {
		button: "button", textarea: "textbox", option: "option", li: "listitem", ul: "list", ol: "list",
		menu: "list", table: "table", tr: "row", td: "cell", th: "columnheader", nav: "navigation",
		main: "main", dialog: "dialog", form: "form", hr: "separator", progress: "progressbar",
		article: "article", aside: "complementary", p: "paragraph", summary: "button", details: "group",
		h1: "heading", h2: "heading", h3: "heading", h4: "heading", h5: "heading", h6: "heading",
	};
	const inputRoles = {
		button: "button", submit: "button", reset: "button", image: "button", checkbox: "checkbox",
		radio: "radio", range: "slider", number: "spinbutton", hidden: "", file: "", color: "",
		date: "", "datetime-local": "", month: "", time: "", week: "",
	};
	const roleOf = (e) => {
		const explicit = (e.getAttribute("role") || "").trim().split(/\s+/)[0].toLowerCase();
		if (explicit) return explicit;
		const t = e.localName;
		if (t === "a" || t === "area") return e.hasAttribute("href") ? "link" : "";
		if (t === "img") return e.getAttribute("alt") === "" ? "presentation" : "img";
		if (t === "select") return e.multiple || e.size > 1 ? "listbox" : "combobox";
		if (t === "input") {
			const type = (e.getAttribute("type") || "text").toLowerCase();
			if (type in inputRoles) return inputRoles[type];
			if (e.hasAttribute("list")) return "combobox";
			return type === "search" ? "searchbox" : "textbox";
		}
		return implicitRoles[t] || "";
	};
	const fromContent = new Set(["button", "cell", "checkbox", "columnheader", "gridcell", "heading",
		"link", "menuitem", "menuitemcheckbox", "menuitemradio", "option", "radio", "row", "rowheader",
		"switch", "tab", "tooltip", "treeitem"]);
	const nameOf = (e, role) => {
		const lb = e.getAttribute("aria-labelledby");
		if (lb) {
			const r = e.getRootNode();
			const t = lb.split(/\s+/).map((id) => { const x = r.getElementById && r.getElementById(id); return x ? x.textContent : ""; }).join(" ");
			if (norm(t)) return t;
		}
		const al = e.getAttribute("aria-label");
		if (al && norm(al)) return al;
		if (e.labels && e.labels.length) return [...e.labels].map((l) => l.textContent).join(" ");
		if (e.localName === "input" && /^(button|submit|reset)$/i.test(e.type)) return e.value;
		if (e.hasAttribute("alt")) return e.getAttribute("alt");
		if (fromContent.has(role)) return e.textContent;
		return e.getAttribute("title") || "";
	};
	const stateOf = (e, prop) => {
		const aria = (a) => { const v = e.getAttribute(a); return v === "true" || v === "mixed" ? v : "false"; };
		const box = e.localName === "input" && (e.type === "checkbox" || e.type === "radio");
		switch (prop) {
		case "level": {
			const m = /^h([1-6])$/.exec(e.localName);
			return String(parseInt(e.getAttribute("aria-level"), 10) || (m ? m[1] : ""));
		}
		case "checked": return box ? (e.type === "checkbox" && e.indeterminate ? "mixed" : String(e.checked)) : aria("aria-checked");
		case "pressed": return aria("aria-pressed");
		case "expanded": {
			if (e.localName === "details") return String(e.open);
			const v = e.getAttribute("aria-expanded");
			return v === null ? "" : String(v === "true");
		}
		case "selected": return e.localName === "option" ? String(e.selected) : String(e.getAttribute("aria-selected") === "true");
		case "disabled":
			if (e.matches(":disabled")) return "true";
			for (let x = e; x; x = composedParent(x)) if (x.getAttribute("aria-disabled") === "true") return "true";
			return "false";
		}
		return "";
	};
	// inOrder sorts elements in document order, shadow roots and frames in their hosts' place.
	const inOrder = (els) => {
		const pos = new Map();
		const walk = (n) => {
			for (const c of n.children) {
				pos.set(c, pos.size);
				if (c.shadowRoot) walk(c.shadowRoot);
				const d = frameDoc(c);
				if (d) walk(d);
				walk(c);
			}
		};
		walk(document);
		return els.sort((a, b) => (pos.get(a) ?? -1) - (pos.get(b) ?? -1));
	};
	const run = (steps, start) => {
		let list = start;
		for (const st of steps) {
			if (st.kind === "nth") { const e = list.at(st.n); list = e ? [e] : []; continue; }
			if (st.kind === "hastext") { const f = matcher(st.match); list = list.filter((e) => f(textOf(e))); continue; }
			if (st.kind === "hasnottext") { const f = matcher(st.match); list = list.filter((e) => !f(textOf(e))); continue; }
			if (st.kind === "has") { list = list.filter((e) => run(st.sub, [e]).length > 0); continue; }
			if (st.kind === "hasnot") { list = list.filter((e) => run(st.sub, [e]).length === 0); continue; }
			if (st.kind === "and") { const other = new Set(run(st.sub, [document])); list = list.filter((e) => other.has(e)); continue; }
			if (st.kind === "or") { list = inOrder([...new Set([...list, ...run(st.sub, [document])])]); continue; }
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
