(area, key) => {
	try {
		const v = (area === "session" ? sessionStorage : localStorage).getItem(key)
		return v === null ? { ok: false } : { ok: true, value: v }
	} catch (e) {
		return { ok: false }
	}
}
