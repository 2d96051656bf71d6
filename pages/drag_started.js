function () {
	const win = this.ownerDocument.defaultView;
	return new Promise((resolve) => win.setTimeout(() => {
		const e = win.__e2eDragStart;
		delete win.__e2eDragStart;
		resolve(!!e && !e.defaultPrevented);
	}, 0));
}
