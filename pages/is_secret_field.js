// Whether the element is a secret field (secretField), whose value is a secret whatever its label.
function () {
	return secretField(this);
}
