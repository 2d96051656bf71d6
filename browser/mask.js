(sel, color, attr) => {
	const vv = window.visualViewport;
	const out = {w: innerWidth, h: innerHeight, x: vv ? vv.pageLeft : scrollX, y: vv ? vv.pageTop : scrollY, boxes: []};
	const root = document.documentElement;
	if (!root) return out;
	for (const el of document.querySelectorAll(sel)) {
		const r = el.getBoundingClientRect();
		if (r.width <= 0 || r.height <= 0) continue;
		const m = document.createElement("div");
		m.setAttribute(attr, "");
		m.style.cssText = "all: initial !important; position: absolute !important; z-index: 2147483647 !important;" +
			"pointer-events: none !important; background: " + color + " !important;" +
			"left: " + (r.left + scrollX) + "px !important; top: " + (r.top + scrollY) + "px !important;" +
			"width: " + r.width + "px !important; height: " + r.height + "px !important; display: block !important;";
		root.appendChild(m);
		out.boxes.push([r.left, r.top, r.width, r.height]);
	}
	return out;
}
