function (ask) {
	const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
	const win = this.ownerDocument.defaultView;
	const native = this.localName === "input" && /^(checkbox|radio)$/i.test(this.type);
	const enabled = !(this.disabled || this.getAttribute("aria-disabled") === "true" || this.closest("fieldset:disabled"));
	const field = this.localName === "input" || this.localName === "textarea" || this.localName === "select";
	const readOnlyRole = /^(checkbox|combobox|grid|gridcell|listbox|radiogroup|slider|spinbutton|textbox|columnheader|rowheader|searchbox|switch|treegrid)$/.test(this.getAttribute("role") || "");
	let editable = "editable";
	if (!field && !this.isContentEditable && !readOnlyRole) editable = "not editable (a <" + this.localName + ">)";
	else if (!enabled) editable = "disabled";
	else if (field ? this.hasAttribute("readonly") : !this.isContentEditable && this.getAttribute("aria-readonly") === "true") editable = "read-only";
	const active = this.getRootNode().activeElement;
	const out = {
		text: norm(this.innerText || this.textContent),
		value: this.value === undefined ? "" : String(this.value),
		visible: this.isConnected && visible(this),
		enabled,
		checked: native ? this.checked : this.getAttribute("aria-checked") === "true",
		className: this.getAttribute("class") || "",
		id: this.id,
		focused: active === this,
		focus: active ? "<" + active.localName + (active.id ? "#" + active.id : "") + ">" : "nothing",
		editable,
		content: this.localName === "input" || this.localName === "textarea" ? this.value : (this.textContent || "").trim(),
		secret: secretField(this),
	};
	if (ask.attr) out.attr = this.getAttribute(ask.attr);
	if (ask.css) out.css = win.getComputedStyle(this).getPropertyValue(ask.css);
	if (ask.prop) {
		let v = this;
		for (const k of ask.prop.split(".")) v = v === null || v === undefined ? undefined : v[k];
		try { out.prop = v === undefined ? "undefined" : JSON.stringify(v); } catch (_) { out.prop = "<" + typeof v + ">"; }
		if (out.prop === undefined) out.prop = "<" + typeof v + ">";
	}
	if (ask.values) out.values = this.localName === "select" && this.multiple ? [...this.selectedOptions].map((o) => o.value) : null;
	if (ask.errorMessage) {
		// As Playwright: when the element is invalid (aria-invalid, or its own validity), the text
		// of the elements its aria-errormessage names, hidden or not.
		const inv = (this.getAttribute("aria-invalid") || "").trim().toLowerCase();
		const invalid = (inv !== "" && inv !== "false") || (this.validity !== undefined && this.validity.valid === false);
		const root = this.getRootNode();
		const ids = (this.getAttribute("aria-errormessage") || "").split(/\s+/).filter(Boolean);
		out.errorMessage = invalid ? norm(ids.map((id) => { const e = root.getElementById ? root.getElementById(id) : null; return e ? e.textContent : ""; }).join(" ")) : "";
	}
	if (!ask.viewport) return out;
	return new Promise((resolve) => {
		const io = new win.IntersectionObserver((entries) => {
			io.disconnect();
			out.ratio = entries[0].intersectionRatio;
			resolve(out);
		});
		io.observe(this);
	});
}
