function () {
	if (this.localName === "input" && /^(checkbox|radio)$/i.test(this.type)) return this.checked;
	const a = this.getAttribute("aria-checked");
	if (a === "true" || a === "false") return a === "true";
	return null;
}
