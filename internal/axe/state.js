// Counts the changes of the document, so that the a11y audit runs axe once per distinct state
// of a page: a state is a document (its random id) and the number of batches of DOM changes it
// has had (a MutationObserver's callbacks). Installed on every new document, before its scripts.
(() => {
	if (window.__e2eState) return;
	const s = {doc: Math.random().toString(36).slice(2) + Date.now().toString(36), gen: 0};
	new MutationObserver(() => { s.gen++; }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
	Object.defineProperty(window, "__e2eState", {value: s});
})()
