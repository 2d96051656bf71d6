(seq, attr, el, sel) => {
	const box = (e) => { if (!e || !e.isConnected) return null; const r = e.getBoundingClientRect(); return r.width > 0 || r.height > 0 ? [r.left, r.top, r.width, r.height] : null; };
	const query = (root) => { try { return sel ? root.querySelector(sel) : null; } catch (e) { return null; } };
	if (!el) el = query(document);
	const k = globalThis[Symbol.for("e2e.dom")];
	if (k && k.seq === seq) {
		const d = new DOMParser().parseFromString(k.html, "text/html");
		const t = d.getElementsByTagName(k.tag)[k.ord];
		if (!t) return {html: k.html, before: true, box: box(el)};
		t.setAttribute(attr, "");
		const doctype = k.html.startsWith("<!DOCTYPE") ? k.html.slice(0, k.html.indexOf("\n") + 1) : "";
		return {html: doctype + d.documentElement.outerHTML, before: true, marked: true, box: box(el)};
	}
	if (el) el.setAttribute(attr, "");
	const html = serialise(el ? el.ownerDocument : document);
	if (el) el.removeAttribute(attr);
	return {html, before: false, marked: !!el, box: box(el)};
}
