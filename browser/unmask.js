(attr) => { for (const m of document.querySelectorAll("[" + attr + "]")) m.remove(); }
