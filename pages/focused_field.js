// Describes the element that has the focus, through open shadow roots and same-origin frames,
// for Keyboard.Type to tell whether what it types is a secret: whether it is a password field,
// and the names it goes by (name, id, autocomplete, aria-label, placeholder, its labels' text).
function () {
	let el = document.activeElement;
	for (;;) {
		if (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
		else if (el && el.contentDocument && el.contentDocument.activeElement) el = el.contentDocument.activeElement;
		else break;
	}
	if (!el || el === document.body) return {password: false, names: []};
	const names = [];
	for (const a of ["name", "id", "autocomplete", "aria-label", "placeholder"]) {
		const v = el.getAttribute && el.getAttribute(a);
		if (v) names.push(v);
	}
	for (const l of el.labels || []) names.push((l.textContent || "").trim());
	return {password: secretField(el), names};
}
