async (row) => {
	const traces = document.querySelector(row).querySelectorAll("[data-testid=trace]");
	const trace = traces[traces.length - 1];
	const img = trace.querySelector("[data-testid=trace-final-shot]");
	const box = trace.querySelector("[data-testid=trace-target]");
	if (img && !img.complete) await new Promise((done) => { img.addEventListener("load", done); img.addEventListener("error", done); });
	return !!img && !!box && img.naturalWidth > 0 && box.checkVisibility() && box.getBoundingClientRect().width > 0;
}
