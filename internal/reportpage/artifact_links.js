(row, sel) => [...document.querySelector(row).querySelectorAll(sel)].map((a) => [a.dataset.kind, a.href])
