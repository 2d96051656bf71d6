// Given query (the locator query script) and fn (the flow's function), a function that runs the
// query on its first n arguments and awaits fn with the array of matches and the arguments after.
(query, fn) => async function (n, ...args) {
	const els = query(...args.slice(0, n));
	return await fn(els, ...args.slice(n));
}
