function () {
	const checked = (this.localName === "input" && /^(checkbox|radio)$/i.test(this.type)) ? this.checked : this.getAttribute("aria-checked") === "true";
	return {
		text: (this.innerText || this.textContent || "").replace(/\s+/g, " ").trim(),
		value: this.value === undefined ? "" : String(this.value),
		visible: this.isConnected && visible(this),
		enabled: !(this.disabled || this.getAttribute("aria-disabled") === "true" || this.closest("fieldset:disabled")),
		checked,
		className: this.getAttribute("class") || "",
	};
}
