function () {
	// A secret field's value is never shown: "***" when it has one.
	const secret = secretField(this);
	const value = secret ? (this.value ? "***" : "") : this.value;
	const t = ((this.localName === "input" ? value : this.innerText) || (secret ? "" : this.textContent) || "").replace(/\s+/g, " ").trim();
	return {tag: this.localName, text: t.length > 40 ? t.slice(0, 40) + "…" : t};
}
