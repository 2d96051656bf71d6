function (seq) { try {
	if (window !== window.top || !this.isConnected) return; // a frame's: Snapshot takes the DOM as it is
	const ord = Array.prototype.indexOf.call(document.getElementsByTagName(this.localName), this);
	globalThis[Symbol.for("e2e.dom")] = {seq, html: serialise(document), tag: this.localName, ord};
} catch (e) {} }
