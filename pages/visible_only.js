function () {
	if (!this.isConnected) return "detached from the document";
	return visible(this) ? "" : "not visible";
}
