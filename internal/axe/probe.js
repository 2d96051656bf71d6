// Tells the a11y audit which state the page is in: its state (state.js's document id and count
// of DOM changes) alone when it is o.last or the document is not served over http(s) (about:blank
// is no page of the app); else with its address and its shape, a hash of what axe-core's
// results depend on: elements, their attributes (values but for those that hold data, not
// structure: value, content, href, src, name, datetime, data-*), whether each text is empty, and style
// sheets. Two states of one shape get the same results, so a run audits each shape once.
// With o.delta, for a later state of the document last audited, it sets aside the outermost
// elements changed since (pending, for run.js) and says how many there are (changed).
// With o.copy, a new state whose run (its key: its shape, or for a later state o.lastShape +
// ">" + its shape) is not among o.known is copied for the host too (copy, copy.js's).
(o) => {
	const s = window.__e2eState;
	const state = s ? s.doc + ":" + s.gen : "url:" + location.href;
	if (state === o.last || !/^https?:$/.test(location.protocol)) return {state};
	const data = new Set(["value", "content", "href", "src", "srcset", "action", "name", "nonce", "integrity", "datetime"]);
	let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
	const add = (str) => {
		for (let i = 0; i < str.length; i++) {
			const c = str.charCodeAt(i);
			h1 = Math.imul(h1 ^ c, 2654435761);
			h2 = Math.imul(h2 ^ c, 1597334677);
		}
		h1 = Math.imul(h1 ^ 10, 2654435761);
	};
	const walk = (node) => {
		for (let n = node.firstChild; n; n = n.nextSibling) {
			if (n.nodeType === 3) {
				if (n.data.trim()) add("#t");
				continue;
			}
			if (n.nodeType !== 1) continue;
			add("<" + n.localName);
			const names = n.getAttributeNames().sort();
			for (const a of names) add(data.has(a) || a.startsWith("data-") ? a : a + "=" + n.getAttribute(a));
			if (n.localName === "style") add(n.textContent);
			if (n.shadowRoot) walk(n.shadowRoot);
			if (n.localName !== "script") walk(n);
			add(">");
		}
	};
	walk(document);
	const shape = (h2 >>> 0).toString(36) + (h1 >>> 0).toString(36) + ":" + location.pathname.length;
	let changed = -1;
	if (s && o.delta && o.last.startsWith(s.doc + ":")) {
		const els = [...s.changed].filter((e) => e.isConnected);
		s.pending = els.filter((e) => !els.some((o) => o !== e && o.contains(e)));
		changed = s.pending.length;
	}
	if (s) s.changed.clear();
	const out = {state, shape, url: location.href, changed};
	const fresh = changed < 0 ? shape : changed > 0 && shape !== o.lastShape ? o.lastShape + ">" + shape : "";
	if (o.copy && fresh && !o.known.includes(fresh)) out.copy = copyPage(changed > 0);
	return out;
}
