(local, session) => {
	for (const [k, v] of Object.entries(local || {})) localStorage.setItem(k, v)
	for (const [k, v] of Object.entries(session || {})) sessionStorage.setItem(k, v)
}
