(area, key) => {
	let v = null
	try {
		v = (area === "session" ? sessionStorage : localStorage).getItem(key)
	} catch (e) {
		// about:blank, an opaque origin: no storage
	}
	return v === null ? { ok: false, origin: location.origin } : { ok: true, value: v, origin: location.origin }
}
