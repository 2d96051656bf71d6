async (row, panel) => {
	const traces = document.querySelector(row).querySelectorAll("[data-testid=trace]");
	const img = traces[traces.length - 1].querySelector(panel + " img[data-testid=trace-shot]");
	if (!img) return {frame: -1, src: "", width: 0, visible: false};
	if (!img.complete) await new Promise((done) => { img.addEventListener("load", done); img.addEventListener("error", done); });
	return {frame: Number(img.dataset.frame), src: img.src, width: img.naturalWidth, visible: img.checkVisibility()};
}
