(sel, color) => {
	try {
		const rule = "{ background: " + color + " !important; background-image: none !important;" +
			" border-color: " + color + " !important; box-shadow: none !important;" +
			" color: transparent !important; -webkit-text-fill-color: transparent !important;" +
			" text-shadow: none !important; caret-color: transparent !important; }";
		const sheet = new CSSStyleSheet();
		sheet.replaceSync(sel.split(",").map(s => s.trim() + " " + rule + " " + s.trim() + "::placeholder " + rule).join("\n"));
		document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
	} catch (e) {}
}
