(row, sel) => [...document.querySelector(row).querySelectorAll(sel)]
	.filter((e) => e.checkVisibility())
	.map((e) => e.textContent.trim())
