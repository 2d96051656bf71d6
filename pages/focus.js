function (reset) {
	if (!this.isConnected) return "detached from the document";
	if (!visible(this)) return "not visible";
	if (this.disabled) return "disabled";
	const had = this.getRootNode().activeElement === this;
	this.focus();
	if (reset && !had && this.localName === "input") try { this.setSelectionRange(0, 0); } catch (_) { /* a type without a selection */ }
	return "";
}
