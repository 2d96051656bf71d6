// Copies the page's state for the a11y audit's host page (host.js): the document without its
// scripts, event handler attributes and frames' sources, with a <base> so that its style
// sheets and images load there; the elements probe.js set aside (when pending) marked with
// data-e2e-pending; and the viewport and colour scheme, so that the host lays it out alike.
// {shadow: true} when the page has an open shadow root, which a copy would lose. probe.js calls
// it, so that a new state is looked at and copied in one call to the page.
function copyPage(pending) {
	const walk = (n) => { for (let e = n.firstElementChild; e; e = e.nextElementSibling) if (e.shadowRoot || walk(e)) return true; return false; };
	if (walk(document)) return {shadow: true};
	const copy = document.documentElement.cloneNode(true);
	const marked = pending && window.__e2eState ? window.__e2eState.pending || [] : [];
	for (const el of marked) {
		const path = [];
		for (let e = el; e && e !== document.documentElement; e = e.parentElement) path.unshift([...e.parentElement.children].indexOf(e));
		let c = copy;
		for (const i of path) c = c && c.children[i];
		if (c) c.setAttribute("data-e2e-pending", "");
	}
	for (const s of copy.querySelectorAll("script")) s.remove();
	for (const f of copy.querySelectorAll("iframe, frame")) { f.removeAttribute("src"); f.removeAttribute("srcdoc"); }
	for (const e of [copy, ...copy.querySelectorAll("*")]) for (const a of e.getAttributeNames()) if (a.startsWith("on")) e.removeAttribute(a);
	const head = copy.querySelector("head") || copy.insertBefore(document.createElement("head"), copy.firstChild);
	const base = document.createElement("base");
	base.href = document.baseURI;
	head.prepend(base);
	const doctype = document.doctype ? "<!doctype " + document.doctype.name + ">" : "";
	return {
		html: doctype + copy.outerHTML, url: location.href, pending: marked.length > 0,
		width: innerWidth, height: innerHeight, dpr: devicePixelRatio, dark: matchMedia("(prefers-color-scheme: dark)").matches,
	};
}
