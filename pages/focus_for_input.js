function () {
	if (!visible(this)) return {reason: "not visible"};
	if (this.disabled) return {reason: "disabled"};
	if (this.readOnly) return {reason: "read-only"};
	if (!(this.localName === "input" || this.localName === "textarea" || this.isContentEditable)) return {reason: "not editable"};
	const r = this.getBoundingClientRect();
	if (r.top < 0 || r.bottom > this.ownerDocument.defaultView.innerHeight) this.scrollIntoView({block: "center", behavior: "instant"});
	this.focus();
	if (this.select) this.select(); else this.ownerDocument.execCommand("selectAll");
	// A password field's value is a secret whatever its label: the caller masks it.
	return {reason: "", secret: secretField(this)};
}
