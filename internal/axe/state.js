// Counts the changes of the document, so that the a11y audit runs axe once per distinct state
// of a page: a state is a document (its random id) and the number of batches of DOM changes it
// has had (a MutationObserver's callbacks). It also keeps the elements changed since the last
// audit (changed), so that the audit of a later state of the same document looks at them only.
// Installed on every new document, before its scripts.
(() => {
	if (window.__e2eState) return;
	const s = {doc: Math.random().toString(36).slice(2) + Date.now().toString(36), gen: 0, changed: new Set(), pending: null};
	new MutationObserver((records) => {
		s.gen++;
		for (const r of records) {
			const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
			if (el) s.changed.add(el);
		}
	}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
	Object.defineProperty(window, "__e2eState", {value: s});
})()
