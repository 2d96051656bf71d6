// Runs axe-core (window.axe of version o.version) on the page, or on this element when
// o.element, within o.include and without o.exclude (CSS selectors), with the rules of o.tags
// (all but the experimental ones when empty), or only those of o.rules, less o.disable, and
// returns its violations reduced to what e2e reports, with the page's state after the run
// (state.js); {missing: true} when axe is not in the page yet. With o.pending, only the elements probe.js set aside (or their copies
// in the host page, host.js) are looked at (and the rules about the whole page not run). Frames
// are not entered.
async function (o) {
	if (!window.axe || window.axe.version !== o.version) return {missing: true};
	const context = {};
	const include = (o.include || []).slice();
	if (o.element) include.push(this);
	const st = window.__e2eState;
	const pending = o.pending ? window.__e2ePending || (st && st.pending) : null; // the host's copy, or the page's own
	if (pending) include.push(...pending);
	if (include.length) context.include = include;
	if (o.exclude && o.exclude.length) context.exclude = o.exclude;
	// Of the assets axe preloads, only the media of no-autoplay-audio serve a rule that runs: the
	// style sheets it would read again are for css-orientation-lock, an experimental rule.
	const opts = {resultTypes: ["violations"], iframes: false, elementRef: false, ancestry: false, xpath: false, preload: {assets: ["media"]}};
	const rules = window.axe.getRules();
	if (o.tags && o.tags.length) {
		const known = new Set(rules.flatMap((r) => r.tags));
		const unknown = o.tags.filter((t) => !known.has(t));
		if (unknown.length) throw new Error("unknown tag `" + unknown.join("`, `") + "` (axe-core " + o.version + "'s tags: wcag2a, wcag2aa, wcag21aa, best-practice, ...)");
	}
	if (o.tags && o.tags.length) opts.runOnly = {type: "tag", values: o.tags};
	const ids = new Set(rules.map((r) => r.ruleId));
	const known = (list) => {
		const unknown = list.filter((id) => !ids.has(id));
		if (unknown.length) throw new Error("unknown rule `" + unknown.join("`, `") + "` (axe-core " + o.version + "'s rule ids: image-alt, label, color-contrast, ...)");
	};
	if (o.rules && o.rules.length) {
		known(o.rules);
		opts.runOnly = {type: "rule", values: o.rules};
	}
	if (o.disable && o.disable.length) {
		known(o.disable);
		opts.rules = {};
		for (const id of o.disable) opts.rules[id] = {enabled: false};
	}
	const r = await window.axe.run(include.length ? context : (context.exclude ? {include: [document], exclude: context.exclude} : document), opts);
	return {url: r.url, state: st ? st.doc + ":" + st.gen : "url:" + location.href, violations: r.violations.map((v) => ({
		id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl, tags: v.tags,
		nodes: v.nodes.map((n) => ({target: n.target.flat(Infinity).join(" >>> "), summary: n.failureSummary || ""})),
	}))};
}
