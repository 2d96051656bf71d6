// Says which image of a screenshot check's slider a user sees at a point: the check named
// name in the row, the point at fraction frac of the slider's width, half way down. It scrolls
// the slider into view and hit-tests the point, so that what the overlay clips is not seen;
// returns the alt text of the image on top there ("" when none) and the point in the page.
(row, name, frac) => {
	const box = [...document.querySelector(row).querySelectorAll('[data-testid="report-imagediff"]')].find((b) => b.dataset.name === name);
	const stack = box && box.querySelector('[data-testid="report-imagediff-over"]').parentElement;
	if (!stack || !stack.checkVisibility()) return {image: "", x: -1, y: -1};
	stack.scrollIntoView({block: "center", inline: "start"});
	const r = stack.getBoundingClientRect();
	const x = r.left + r.width * frac, y = r.top + r.height / 2;
	const top = document.elementFromPoint(x, y);
	return {image: top && top.localName === "img" && stack.contains(top) ? top.alt : "", x: x + scrollX, y: y + scrollY};
}
