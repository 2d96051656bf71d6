package pages

// FilterHasText keeps the elements whose text contains text (case-insensitive; with Exact,
// whose whole text is text).
func (l *Locator) FilterHasText(text string, opts ...Option) *Locator {
	m := newMatch(text, opts)
	return l.with(step{Kind: "hastext", Match: m, display: "[has text " + m.String() + "]"})
}

// FilterHasNotText keeps the elements whose text does not contain text (case-insensitive; with
// Exact, whose whole text is not text), as Playwright's filter({hasNotText}).
func (l *Locator) FilterHasNotText(text string, opts ...Option) *Locator {
	m := newMatch(text, opts)
	return l.with(step{Kind: "hasnottext", Match: m, display: "[without text " + m.String() + "]"})
}

// FilterHas keeps the elements that hold an element child matches (child is a locator of the
// same session, looked up inside each element).
func (l *Locator) FilterHas(child *Locator) *Locator {
	return l.with(step{Kind: "has", Sub: child.steps, display: "[has child " + child.String() + "]"})
}

// FilterHasNot keeps the elements that hold no element child matches (looked up inside each
// element), as Playwright's filter({hasNot}).
func (l *Locator) FilterHasNot(child *Locator) *Locator {
	return l.with(step{Kind: "hasnot", Sub: child.steps, display: "[without child " + child.String() + "]"})
}

// And keeps the elements other matches too, as Playwright's locator.and:
// GetByRole("button").And(GetByTitle("Subscribe")). other is looked up from the document, not
// inside l.
func (l *Locator) And(other *Locator) *Locator {
	return l.with(step{Kind: "and", Sub: other.steps, display: "[and " + other.String() + "]"})
}

// Or matches the elements l matches and those other matches, in document order, as
// Playwright's locator.or: GetByRole("button", Name("New")).Or(GetByText("Confirm")). other is
// looked up from the document, not inside l.
func (l *Locator) Or(other *Locator) *Locator {
	return l.with(step{Kind: "or", Sub: other.steps, display: "[or " + other.String() + "]"})
}
