(query, probe) => (ask, steps, gen, objTokens, ...objs) => {
	const list = query(steps, "all", gen, Infinity, objTokens, ...objs);
	if (ask.all) return {n: list.length, all: list.map((e) => probe.call(e, {}))};
	if (list.length !== 1 || ask.count) return {n: list.length};
	const one = probe.call(list[0], ask);
	return one instanceof Promise ? one.then((p) => ({n: 1, one: p})) : {n: 1, one};
}
