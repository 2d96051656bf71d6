// Package shoppages holds the page objects of e2e's reference shop: the worked example of a
// suite's page objects, written only against the engine's public building blocks
// (pages.Session). A team's own page objects look the same in a package of its own.
package shoppages

import (
	"fmt"

	"github.com/e2e-dev/e2e/pages"
)

// UI is the shop as one flow's tab shows it: its page objects over the flow's session.
type UI struct{ s *pages.Session }

// On returns the shop's page objects over s (a flow's f.UI).
func On(s *pages.Session) UI { return UI{s: s} }

// Account is what a user signs up with.
type Account struct {
	Username string
	Email    string
	Password string
}

// CSRFToken returns the CSRF token the page carries in <meta name="csrf-token">.
func (u UI) CSRFToken() (string, error) {
	p := u.s.Page.Timeout(u.s.Timeout)
	defer p.CancelTimeout()
	res, err := p.Eval(`() => { const m = document.querySelector('meta[name="csrf-token"]'); return m ? m.content : "" }`)
	if err != nil {
		return "", fmt.Errorf("csrf token: %w", err)
	}
	if res.Value.Str() == "" {
		return "", fmt.Errorf(`csrf token: the page has no <meta name="csrf-token">`)
	}
	return res.Value.Str(), nil
}
