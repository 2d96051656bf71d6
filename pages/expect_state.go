package pages

import "fmt"

// The assertions on an element's state: shown, usable, focused, where it is, how many match.

// state names a boolean state as a probe saw it.
func state(p *probe, yes bool, on, off string) string {
	if p.n != 1 {
		return "nothing matching"
	}
	if yes {
		return on
	}
	return off
}

// ToBeVisible expects the element to be visible.
func (a *LocatorAssertions) ToBeVisible() {
	a.check("to be visible", ask{}, func(p *probe) bool { return p.n == 1 && p.el.Visible },
		func(p *probe) string { return state(p, p.el.Visible, "visible", "hidden") })
}

// ToBeHidden expects the element to be hidden or not in the document.
func (a *LocatorAssertions) ToBeHidden() {
	a.check("to be hidden", ask{}, func(p *probe) bool { return p.n == 0 || !p.el.Visible },
		func(p *probe) string { return state(p, p.el.Visible, "visible", "hidden") })
}

// ToBeEnabled expects the element to be enabled.
func (a *LocatorAssertions) ToBeEnabled() {
	a.check("to be enabled", ask{}, func(p *probe) bool { return p.n == 1 && p.el.Enabled },
		func(p *probe) string { return state(p, p.el.Enabled, "enabled", "disabled") })
}

// ToBeDisabled expects the element to be disabled (natively, by a disabled fieldset, or by
// aria-disabled).
func (a *LocatorAssertions) ToBeDisabled() {
	a.check("to be disabled", ask{}, func(p *probe) bool { return p.n == 1 && !p.el.Enabled },
		func(p *probe) string { return state(p, p.el.Enabled, "enabled", "disabled") })
}

// ToBeChecked expects a checkbox or radio (native or aria-checked) to be checked.
func (a *LocatorAssertions) ToBeChecked() {
	a.check("to be checked", ask{}, func(p *probe) bool { return p.n == 1 && p.el.Checked },
		func(p *probe) string { return state(p, p.el.Checked, "checked", "unchecked") })
}

// ToBeEditable expects the element to be an enabled field that is not read-only: an input, text
// area or select, a contenteditable element, or one whose role can be read-only (textbox,
// combobox, ...) without aria-readonly.
func (a *LocatorAssertions) ToBeEditable() {
	a.check("to be editable", ask{}, func(p *probe) bool { return p.n == 1 && p.el.Editable == "editable" },
		func(p *probe) string { return state(p, true, p.el.Editable, "") })
}

// ToBeEmpty expects a field to have no value, or another element no text (whitespace aside).
func (a *LocatorAssertions) ToBeEmpty() {
	a.check("to be empty", ask{}, func(p *probe) bool { return p.n == 1 && p.el.Content == "" },
		func(p *probe) string {
			return state(p, p.el.Content == "", "empty", shownValue(p, normalize(p.el.Content)))
		})
}

// ToBeFocused expects the element to have the focus in its document.
func (a *LocatorAssertions) ToBeFocused() {
	a.check("to be focused", ask{}, func(p *probe) bool { return p.n == 1 && p.el.Focused },
		func(p *probe) string { return state(p, p.el.Focused, "focused", "the focus on "+p.el.Focus) })
}

// ToBeAttached expects the element to be in the document, visible or not.
func (a *LocatorAssertions) ToBeAttached() {
	a.check("to be attached", ask{}, func(p *probe) bool { return p.n == 1 },
		func(p *probe) string { return state(p, true, "attached", "") })
}

// ToBeInViewport expects some of the element to show in the viewport, as an
// IntersectionObserver sees it (scrolled out of view, or clipped by a scrolling box, it does not).
func (a *LocatorAssertions) ToBeInViewport() { a.inViewport("to be in the viewport", 0) }

// ToBeInViewportRatio expects at least ratio (0 to 1) of the element to show in the viewport:
// Playwright's toBeInViewport({ratio}).
func (a *LocatorAssertions) ToBeInViewportRatio(ratio float64) {
	a.inViewport(fmt.Sprintf("to be in the viewport by a ratio of at least %g", ratio), ratio)
}

func (a *LocatorAssertions) inViewport(want string, ratio float64) {
	a.check(want, ask{Viewport: true}, func(p *probe) bool { return p.n == 1 && p.el.Ratio > 0 && p.el.Ratio > ratio-1e-9 },
		func(p *probe) string { return state(p, true, fmt.Sprintf("viewport ratio %g", p.el.Ratio), "") })
}

// ToHaveCount expects l to match n elements.
func (a *LocatorAssertions) ToHaveCount(n int) {
	a.check(fmt.Sprintf("to have count %d", n), ask{Count: true}, func(p *probe) bool { return p.n == n },
		func(p *probe) string { return fmt.Sprint(p.n) })
}

// ToHaveAccessibleName expects the element's accessible name (as Chromium's accessibility tree
// computes it, as GetByRole matches it; whitespace collapsed) to be name.
func (a *LocatorAssertions) ToHaveAccessibleName(name string) {
	want := normalize(name)
	a.check("to have accessible name "+quoted(want), ask{ax: true}, func(p *probe) bool { return p.n == 1 && p.el.name == want },
		func(p *probe) string { return quoted(p.el.name) })
}

// ToHaveAccessibleDescription expects the element's accessible description (as Chromium's
// accessibility tree computes it, from aria-describedby, aria-description or title; whitespace
// collapsed) to be description.
func (a *LocatorAssertions) ToHaveAccessibleDescription(description string) {
	want := normalize(description)
	a.check("to have accessible description "+quoted(want), ask{ax: true}, func(p *probe) bool { return p.n == 1 && p.el.description == want },
		func(p *probe) string { return quoted(p.el.description) })
}

// ToHaveAccessibleErrorMessage expects the element's accessible error message to be message:
// as Playwright computes it, when the element is invalid (aria-invalid, or a field its own
// constraints find invalid), the text of the elements its aria-errormessage names, whitespace
// collapsed; "" when it is valid or names none.
func (a *LocatorAssertions) ToHaveAccessibleErrorMessage(message string) {
	want := normalize(message)
	a.check("to have accessible error message "+quoted(want), ask{ErrorMsg: true}, func(p *probe) bool { return p.n == 1 && p.el.ErrorMsg == want },
		func(p *probe) string { return quoted(p.el.ErrorMsg) })
}

// ToHaveRole expects the element's ARIA role, explicit or implicit, as GetByRole matches it
// ("button", "link", "checkbox", "heading", ...), to be role.
func (a *LocatorAssertions) ToHaveRole(role string) {
	a.check("to have role "+quoted(role), ask{ax: true}, func(p *probe) bool { return p.n == 1 && sameRole(p.el.role, role) },
		func(p *probe) string { return quoted(p.el.role) })
}
