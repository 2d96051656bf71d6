package pages

import (
	_ "embed"

	"github.com/go-rod/rod"
)

//go:embed password_field.js
var passwordFieldJS string

// secretIfPassword tells the runner (TabOptions.Secret) that value, typed into el, is a secret
// when el is a password field, whatever its label says: every artifact and report then masks
// it, though the step names it.
func (tab *Tab) secretIfPassword(el *rod.Element, value string) {
	if tab.o.Secret == nil || value == "" {
		return
	}
	if res, err := el.Eval(passwordFieldJS); err == nil && res.Value.Bool() {
		tab.o.Secret(value)
	}
}
