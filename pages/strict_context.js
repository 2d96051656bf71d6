// strictContext tells apart the elements a strict locator matched: for each, its nearest
// ancestor that holds none of the others and is a list item, a row, an article, a group, a
// dialog, a landmark or an element with a test id, with that ancestor's role (or test id), its
// name when aria-label or aria-labelledby gives one, and its text: a heading in it, else its
// first visible text outside the element.
function (testIdAttr, ...els) {
	const roles = {li: "listitem", tr: "row", article: "article", fieldset: "group", dialog: "dialog",
		nav: "navigation", aside: "complementary", main: "main"};
	const explicit = new Set(["listitem", "row", "article", "group", "dialog", "alertdialog", "navigation",
		"complementary", "region", "tabpanel", "treeitem", "main", "form"]);
	const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
	const parent = (e) => e.parentElement || (e.parentNode instanceof ShadowRoot ? e.parentNode.host : null);
	// holds reports whether o is inside a, across shadow roots (which contains does not cross).
	const holds = (a, o) => {
		for (let n = o; n; n = parent(n)) if (n === a) return true;
		return false;
	};
	const shown = (e) => !e.checkVisibility || e.checkVisibility({visibilityProperty: true});
	const roleOf = (e) => {
		const r = (e.getAttribute("role") || "").split(/\s+/)[0];
		if (r) return explicit.has(r) ? r : "";
		return roles[e.localName] || "";
	};
	const textOf = (a, el) => {
		for (const h of a.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")) {
			if (!h.contains(el) && !el.contains(h) && shown(h) && norm(h.innerText)) return norm(h.innerText);
		}
		const walk = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			const p = n.parentElement;
			if (el.contains(n) || !p || p.closest("script, style, template") || !shown(p)) continue;
			const t = norm(n.data);
			if (t) return t;
		}
		return "";
	};
	const nameOf = (e) => {
		const ids = (e.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
		const by = ids.map((id) => e.getRootNode().getElementById?.(id)).filter(Boolean);
		return norm(by.length ? by.map((n) => n.textContent).join(" ") : e.getAttribute("aria-label"));
	};
	return els.map((el) => {
		for (let a = parent(el); a && a !== document.body && a !== document.documentElement; a = parent(a)) {
			if (els.some((o) => o !== el && holds(a, o))) return {};
			const id = testIdAttr && a.getAttribute(testIdAttr);
			if (id) return {testId: id};
			const role = roleOf(a);
			if (role) return {role, name: nameOf(a), text: textOf(a, el)};
		}
		return {};
	});
}
