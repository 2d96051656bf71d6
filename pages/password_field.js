// Whether the element is a password field, whose value is a secret whatever its label.
function () {
	return this.localName === "input" && (this.type || "").toLowerCase() === "password";
}
