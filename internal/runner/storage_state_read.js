() => {
	const all = (s) => { const o = {}; for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = s.getItem(k) } return o }
	return { local: all(localStorage), session: all(sessionStorage) }
}
