// Given fn (the flow's function), a function that awaits fn with its arguments and says whether
// it returned a truthy value: {ok: true, value} then, else {ok: false, value} with the falsy
// value as text (false, 0, null, undefined, NaN, or "" for the empty string).
(fn) => async function (...args) {
	const v = await fn(...args);
	return v ? {ok: true, value: v} : {ok: false, value: typeof v === "string" ? JSON.stringify(v) : String(v)};
}
