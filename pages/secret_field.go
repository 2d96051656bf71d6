package pages

import (
	_ "embed"

	"github.com/go-rod/rod"
)

//go:embed is_secret_field.js
var isSecretFieldJS string

// secretIfSecretField tells the runner (TabOptions.Secret) that value, typed into el, is a
// secret when el is a secret field (secretField: a password field, a one-time code...),
// whatever its label says: every artifact and report then masks it, though the step names it.
func (tab *Tab) secretIfSecretField(el *rod.Element, value string) {
	if tab.o.Secret == nil || value == "" {
		return
	}
	if res, err := el.Eval(isSecretFieldJS); err == nil && res.Value.Bool() {
		tab.o.Secret(value)
	}
}
