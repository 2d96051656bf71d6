// What SetViewportSize keeps of the tab's emulated device: its pixel ratio, and whether it is a
// mobile one, as its user agent says (a project's device sets both).
function () {
	return {dpr: devicePixelRatio, mobile: /Mobi|Android|iPhone|iPad/.test(navigator.userAgent)};
}
