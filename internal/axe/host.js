// Puts a page's copy (snapshot.js) into the a11y audit's host page, in place of its document
// (axe-core, in the window, stays), and waits until its style sheets and images have loaded.
// The elements marked data-e2e-pending become window.__e2ePending, for run.js.
async (html) => {
	document.open();
	document.write(html);
	document.close();
	if (document.readyState !== "complete") await new Promise((done) => addEventListener("load", done, {once: true}));
	const marked = [...document.querySelectorAll("[data-e2e-pending]")];
	for (const e of marked) e.removeAttribute("data-e2e-pending");
	window.__e2ePending = marked;
}
