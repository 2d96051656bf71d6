function () {
	if (!this.isConnected) return {reason: "detached from the document"};
	if (!visible(this)) return {reason: "not visible"};
	if (this.disabled || this.getAttribute("aria-disabled") === "true") return {reason: "disabled"};
	const doc = this.ownerDocument, win = doc.defaultView;
	const r0 = this.getBoundingClientRect();
	if (r0.top < 0 || r0.left < 0 || r0.bottom > win.innerHeight || r0.right > win.innerWidth)
		this.scrollIntoView({block: "center", inline: "center", behavior: "instant"});
	return new Promise((resolve) => requestAnimationFrame(() => {
		const r = this.getBoundingClientRect();
		if (r.x !== r0.x || r.y !== r0.y || r.width !== r0.width || r.height !== r0.height)
			return resolve({reason: "moving"});
		let x = r.left + r.width / 2, y = r.top + r.height / 2;
		const hit = doc.elementFromPoint(x, y);
		const root = this.getRootNode();
		const target = root !== doc && root.elementFromPoint ? root.elementFromPoint(x, y) : hit;
		if (!hit || (target !== this && !this.contains(target) && !(hit === this || this.contains(hit)))) {
			let by = "nothing";
			if (hit) {
				by = hit.tagName.toLowerCase();
				if (hit.dataset.testid) by += "[data-testid=" + hit.dataset.testid + "]";
				else if (hit.id) by += "#" + hit.id;
				const t = (hit.innerText || "").replace(/\s+/g, " ").trim();
				if (t) by += " " + JSON.stringify(t.length > 40 ? t.slice(0, 40) + "…" : t);
			}
			return resolve({reason: "covered by " + by});
		}
		for (let w = win; w.frameElement; w = w.parent) {
			const f = w.frameElement, fr = f.getBoundingClientRect(), cs = w.parent.getComputedStyle(f);
			x += fr.left + f.clientLeft + parseFloat(cs.paddingLeft);
			y += fr.top + f.clientTop + parseFloat(cs.paddingTop);
		}
		resolve({x, y});
	}));
}
