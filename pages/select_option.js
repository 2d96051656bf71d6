function (values) {
	if (!this.isConnected) return "detached from the document";
	if (this.localName !== "select") throw new Error("not a <select>");
	if (!visible(this)) return "not visible";
	if (this.disabled) return "disabled";
	const opts = [...this.options];
	for (const v of values) if (!opts.some((o) => o.value === v || o.label === v)) return "no option " + JSON.stringify(v);
	for (const o of opts) o.selected = values.some((v) => o.value === v || o.label === v);
	this.dispatchEvent(new Event("input", {bubbles: true}));
	this.dispatchEvent(new Event("change", {bubbles: true}));
	return "";
}
