function () {
	if (!this.isConnected) return "detached from the document";
	if (!visible(this)) return "not visible";
	if (this.disabled) return "disabled";
	this.focus();
	return "";
}
