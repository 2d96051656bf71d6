function () {
	if (!visible(this)) return "not visible";
	if (this.disabled) return "disabled";
	if (this.readOnly) return "read-only";
	if (!(this.localName === "input" || this.localName === "textarea" || this.isContentEditable)) return "not editable";
	const r = this.getBoundingClientRect();
	if (r.top < 0 || r.bottom > this.ownerDocument.defaultView.innerHeight) this.scrollIntoView({block: "center", behavior: "instant"});
	this.focus();
	if (this.select) this.select(); else this.ownerDocument.execCommand("selectAll");
	return "";
}
