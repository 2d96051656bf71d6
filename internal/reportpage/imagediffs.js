// Reads a row's screenshot checks as the report shows them, once their images loaded: each
// one's name, view, which of its images show (visible and loaded), and the width of the actual
// image's part over the expected one in the slider against the whole.
async (row) => {
	const boxes = [...document.querySelector(row).querySelectorAll('[data-testid="report-imagediff"]')];
	const imgs = boxes.flatMap((b) => [...b.querySelectorAll("img")]);
	await Promise.all(imgs.map((i) => i.complete || new Promise((done) => { i.addEventListener("load", done); i.addEventListener("error", done); })));
	const shows = (b, id) => { const i = b.querySelector('[data-testid="' + id + '"]'); return !!i && i.checkVisibility() && i.naturalWidth > 0; };
	return boxes.map((b) => {
		const over = b.querySelector('[data-testid="report-imagediff-over"]');
		const stack = over && over.parentElement;
		return {
			name: b.dataset.name, mode: b.dataset.mode,
			expected: shows(b, "report-imagediff-expected"), actual: shows(b, "report-imagediff-actual"), diff: shows(b, "report-imagediff-diff"),
			slider: !!over && over.checkVisibility(),
			over: over ? over.getBoundingClientRect().width : 0, whole: stack ? stack.getBoundingClientRect().width : 0,
		};
	});
}
