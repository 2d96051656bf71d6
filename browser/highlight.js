function (label) {
	const id = "__e2e_highlight";
	let box = document.getElementById(id);
	if (!box) {
		box = document.createElement("div");
		box.id = id;
		box.setAttribute("data-e2e-overlay", "highlight");
		box.style.cssText = "position:fixed;z-index:2147483647;pointer-events:none;" +
			"border:3px solid #e5007a;border-radius:3px;box-shadow:0 0 0 4px rgba(229,0,122,.25);" +
			"transition:all .08s ease-out";
		const tag = document.createElement("div");
		tag.style.cssText = "position:absolute;left:-3px;bottom:100%;margin-bottom:2px;" +
			"background:#e5007a;color:#fff;font:12px/1.4 monospace;padding:1px 6px;" +
			"border-radius:3px;white-space:nowrap";
		box.appendChild(tag);
		document.documentElement.appendChild(box);
	}
	const r = this.getBoundingClientRect();
	let ox = 0, oy = 0; // an element in a same-origin iframe: offset by the frames around it
	for (let w = this.ownerDocument.defaultView; w.frameElement; w = w.parent) {
		const f = w.frameElement, fr = f.getBoundingClientRect();
		ox += fr.left + f.clientLeft;
		oy += fr.top + f.clientTop;
	}
	box.style.left = (ox + r.left - 4) + "px";
	box.style.top = (oy + r.top - 4) + "px";
	box.style.width = (r.width + 2) + "px";
	box.style.height = (r.height + 2) + "px";
	box.firstChild.textContent = label;
	if (oy + r.top < 24) { box.firstChild.style.bottom = ""; box.firstChild.style.top = "100%"; }
	else { box.firstChild.style.top = ""; box.firstChild.style.bottom = "100%"; }
}
