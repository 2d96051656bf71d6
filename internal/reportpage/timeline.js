async (row, sel) => {
	const traces = document.querySelector(row).querySelectorAll("[data-testid=trace]");
	const trace = traces[traces.length - 1];
	const thumbs = [...trace.querySelectorAll("img[data-testid=trace-thumb]")];
	await Promise.all(thumbs.map((i) => i.complete || new Promise((done) => { i.addEventListener("load", done); i.addEventListener("error", done); })));
	return [...trace.querySelectorAll(sel)].map((b) => {
		const img = b.querySelector("img");
		return {name: b.querySelector(".film-name").textContent.trim(), status: b.dataset.status,
			duration: b.querySelector("[data-testid=trace-step-duration]").textContent.trim(),
			frame: Number(b.dataset.frame), selected: b.getAttribute("aria-selected") === "true",
			loaded: !!img && img.checkVisibility() && img.complete && img.naturalWidth > 0};
	});
}
