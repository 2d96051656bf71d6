(row) => {
	const traces = document.querySelector(row).querySelectorAll("[data-testid=trace]");
	return [...traces[traces.length - 1].querySelectorAll("[data-testid=trace-request-bar]")].map((bar) => {
		const track = bar.querySelector(".wf-track").getBoundingClientRect();
		const drawn = bar.querySelector("[data-testid=trace-bar]").getBoundingClientRect();
		const phases = {};
		for (const p of bar.querySelectorAll("[data-phase]")) phases[p.dataset.phase] = p.getBoundingClientRect().width;
		return {index: Number(bar.dataset.index), left: drawn.left - track.left, width: drawn.width, track: track.width,
			phases, failed: bar.classList.contains("failed"), routed: bar.hasAttribute("data-routed"),
			source: bar.dataset.source || ""};
	});
}
