(sel) => [...document.querySelectorAll(sel)]
	.filter((e) => e.checkVisibility())
	.map((e) => [e.dataset.flowId, e.dataset.status])
