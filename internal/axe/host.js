// Puts a page's copy (snapshot.js) into the a11y audit's host page, in place of its document
// (axe-core, in the window, stays), and waits until its style sheets and images have loaded.
// The elements marked data-e2e-pending become window.__e2ePending, for run.js.
async (html) => {
	document.open();
	document.write(html);
	document.close();
	if (document.readyState !== "complete") await new Promise((done) => addEventListener("load", done, {once: true}));
	// The document may read "complete" before its style sheets load (it was complete before
	// document.open): each is waited on, with the images (not the lazy ones, which may never load).
	const loading = [
		...[...document.querySelectorAll("link[rel~=stylesheet i][href]:not([disabled])")].filter((l) => !l.sheet),
		...[...document.images].filter((i) => !i.complete && i.loading !== "lazy"),
	];
	await Promise.all(loading.map((e) => new Promise((done) => {
		e.addEventListener("load", done, {once: true});
		e.addEventListener("error", done, {once: true});
	})));
	const marked = [...document.querySelectorAll("[data-e2e-pending]")];
	for (const e of marked) e.removeAttribute("data-e2e-pending");
	window.__e2ePending = marked;
}
