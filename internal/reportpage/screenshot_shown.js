async (row, sel) => {
	const imgs = [...document.querySelector(row).querySelectorAll(sel)];
	await Promise.all(imgs.map((i) => i.complete || new Promise((done) => { i.addEventListener("load", done); i.addEventListener("error", done); })));
	return imgs.length > 0 && imgs.every((i) => i.checkVisibility() && i.naturalWidth > 0);
}
