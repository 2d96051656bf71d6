(read) => function (mustSee, ...args) {
	if (!this.isConnected) return {reason: "detached from the document"};
	if (mustSee && !visible(this)) return {reason: "not visible"};
	const v = read.apply(this, args);
	return {value: v === null || v === undefined ? null : String(v)};
}
