// Declares secretField(e): whether e is a field whose value is a secret whatever its label says
// (a password field, one the page marks as holding a password, a one-time code or a card's
// number or code): the fields whose pixels screenshots paint over, browser.MaskSelector, which
// replaces MASK_SELECTOR.
function secretField(e) {
	return !!e && e.nodeType === 1 && e.matches(MASK_SELECTOR);
}
