(sel) => {
	for (const e of document.querySelectorAll(sel)) if (visible(e)) return e;
	return null;
}
