// Readies the page for a checked screenshot, as Playwright's toHaveScreenshot does, and returns
// the part to capture in document CSS pixels, with the device pixel ratio (dpr). It waits two
// animation frames and o.wait ms (the pace between the screenshots of a stable capture), stops
// CSS animations and transitions (finite ones finished, infinite ones cancelled until cleanup),
// hides the text caret, adds o.style to the document, waits for the fonts, scrolls the element
// (this, when o.element) into view, and paints an opaque box over every field matching o.sel (in
// same-origin frames too) and every mask element given after o. window[o.cleanup]() undoes it all.
async function (o, ...masks) {
	// A capture given up (its time ran out) removes the token: what resumes after it does nothing.
	const token = o.cleanup + "Token", live = () => window[token] === o.token;
	window[token] = o.token;
	await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, o.wait))));
	if (!live()) return null;
	const undo = [];
	const root = document.documentElement;
	window[o.cleanup] = () => { for (const u of undo.splice(0).reverse()) { try { u(); } catch (e) {} } delete window[o.cleanup]; };
	if (!o.caret) {
		for (const el of document.querySelectorAll("input, textarea, [contenteditable]")) {
			const value = el.style.getPropertyValue("caret-color"), prio = el.style.getPropertyPriority("caret-color");
			el.style.setProperty("caret-color", "transparent", "important");
			undo.push(() => el.style.setProperty("caret-color", value, prio));
		}
	}
	if (o.style) {
		const st = document.createElement("style");
		st.textContent = o.style;
		root.appendChild(st);
		undo.push(() => st.remove());
	}
	if (!o.animations) {
		const resume = new Set();
		const stop = () => {
			for (const a of document.getAnimations()) {
				if (!a.effect || a.playbackRate === 0 || resume.has(a)) continue;
				try {
					if (Number.isFinite(a.effect.getComputedTiming().endTime)) a.finish();
					else { a.cancel(); resume.add(a); }
				} catch (e) {}
			}
		};
		stop();
		document.addEventListener("transitionrun", stop);
		document.addEventListener("animationstart", stop);
		undo.push(() => {
			document.removeEventListener("transitionrun", stop);
			document.removeEventListener("animationstart", stop);
			for (const a of resume) { try { a.play(); } catch (e) {} }
		});
	}
	if (document.fonts) await document.fonts.ready;
	if (!live()) return null;
	const vv = window.visualViewport;
	const sx = vv ? vv.pageLeft : scrollX, sy = vv ? vv.pageTop : scrollY;
	// box is el's client rectangle in the top window's viewport: shifted by the frames an
	// element of a same-origin frame is in.
	const box = (el) => {
		const r = el.getBoundingClientRect();
		let left = r.left, top = r.top;
		for (let w = el.ownerDocument.defaultView; w && w !== window && w.frameElement; w = w.parent) {
			const f = w.frameElement, fr = f.getBoundingClientRect(), cs = getComputedStyle(f);
			left += fr.left + f.clientLeft + parseFloat(cs.paddingLeft);
			top += fr.top + f.clientTop + parseFloat(cs.paddingTop);
		}
		return {left, top, right: left + r.width, bottom: top + r.height, width: r.width, height: r.height};
	};
	let clip;
	if (o.element) {
		if (!this.isConnected) throw new Error("the element is no longer in the page");
		this.scrollIntoView({block: "nearest", inline: "nearest"});
		const r = box(this);
		if (r.width <= 0 || r.height <= 0) throw new Error("the element has no size (" + r.width + "x" + r.height + ")");
		const x = Math.floor(r.left + scrollX), y = Math.floor(r.top + scrollY);
		clip = {x, y, w: Math.ceil(r.right + scrollX) - x, h: Math.ceil(r.bottom + scrollY) - y};
	} else if (o.fullPage) {
		const b = document.body || root;
		clip = {x: 0, y: 0,
			w: Math.max(b.scrollWidth, root.scrollWidth, b.offsetWidth, root.offsetWidth, b.clientWidth, root.clientWidth),
			h: Math.max(b.scrollHeight, root.scrollHeight, b.offsetHeight, root.offsetHeight, b.clientHeight, root.clientHeight)};
	} else {
		clip = {x: sx, y: sy, w: innerWidth, h: innerHeight};
	}
	const paint = (el, color) => {
		const r = box(el);
		if (r.width <= 0 || r.height <= 0) return;
		const m = document.createElement("div");
		m.setAttribute(o.attr, "");
		m.style.cssText = "all: initial !important; position: absolute !important; z-index: 2147483647 !important;" +
			"pointer-events: none !important; background: " + color + " !important;" +
			"left: " + (r.left + scrollX) + "px !important; top: " + (r.top + scrollY) + "px !important;" +
			"width: " + r.width + "px !important; height: " + r.height + "px !important; display: block !important;";
		root.appendChild(m);
		undo.push(() => m.remove());
	};
	// The fields of same-origin frames too: a password must not show through a frame.
	const docs = [document];
	for (let i = 0; i < docs.length; i++) {
		for (const f of docs[i].querySelectorAll("iframe, frame")) {
			try { if (f.contentDocument) docs.push(f.contentDocument); } catch (e) {}
		}
	}
	for (const d of docs) for (const el of d.querySelectorAll(o.sel)) paint(el, o.fieldColor);
	for (const el of masks) if (el && el.isConnected) paint(el, o.maskColor);
	clip.dpr = devicePixelRatio;
	return clip;
}
