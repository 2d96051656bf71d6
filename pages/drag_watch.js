function () {
	const win = this.ownerDocument.defaultView;
	win.__e2eDragStart = null;
	win.addEventListener("dragstart", (e) => { win.__e2eDragStart = e; }, {once: true, capture: true});
}
