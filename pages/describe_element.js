function () {
	const t = ((this.localName === "input" ? this.value : this.innerText) || this.textContent || "").replace(/\s+/g, " ").trim();
	return {tag: this.localName, text: t.length > 40 ? t.slice(0, 40) + "…" : t};
}
