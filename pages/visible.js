function visible(e) {
	const r = e.getBoundingClientRect();
	return r.width > 0 && r.height > 0 && e.checkVisibility({visibilityProperty: true});
}
