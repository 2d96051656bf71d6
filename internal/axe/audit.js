// Runs axe (run.js, put in for RUN) if the page's state (state.js) is not o.last, and returns
// the state it audited: {state} alone when it is o.last, with {missing: true} when axe is not
// in the page. A document without state.js is one state per address.
async function (o) {
	const run = RUN;
	const s = window.__e2eState;
	const state = () => s ? s.doc + ":" + s.gen : "url:" + location.href;
	const before = state();
	if (before === o.last) return {state: before};
	const res = await run.call(this, o);
	// The state audited is the one after axe: changes it made itself must not count as new.
	return Object.assign(res, {state: state()});
}
