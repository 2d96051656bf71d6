package shoppages

import (
	"github.com/e2e-dev/e2e/pages"
	"github.com/go-rod/rod"
)

// Nav is the navigation bar and message area every shop page has.
type Nav struct{ s *pages.Session }

// The nav bar's and messages' test ids.
const (
	navHome       = "nav-home"
	navLogin      = "nav-login"
	navSignup     = "nav-signup"
	navProfile    = "nav-profile"
	navFavourites = "nav-favourites"
	navLogout     = "nav-logout"
	navUser       = "nav-user"
	msgFlash      = "flash"
	msgToast      = "toast"
)

const navPage = "nav"

// Nav returns the navigation bar of the session's page.
func (u UI) Nav() *Nav { return &Nav{s: u.s} }

// User returns the signed-in username the nav bar shows.
func (n *Nav) User() (string, error) { return n.s.Text(navPage, navUser) }

// WaitSignedOut waits until the nav bar offers to log in, as it does only when signed out.
func (n *Nav) WaitSignedOut() error {
	return n.s.Action(navPage, "wait until signed out", func(p *rod.Page) error {
		_, err := n.s.Visible(p, navPage, navLogin)
		return err
	})
}

// SignedIn reports at once whether the nav bar shows a signed-in user.
func (n *Nav) SignedIn() (bool, error) { return n.s.Has(navUser) }

// Flash returns the one-shot message at the top of the page.
func (n *Nav) Flash() (string, error) { return n.s.Text(navPage, msgFlash) }

// WaitFlash waits until the flash message reads want.
func (n *Nav) WaitFlash(want string) error { return n.s.WaitText(navPage, msgFlash, want) }

// Logout clicks "Log out" and waits for the page it leads to.
func (n *Nav) Logout() error { return n.s.ClickToNavigate(navPage, navLogout) }

// GoProfile follows the nav bar's profile link.
func (n *Nav) GoProfile() error { return n.s.ClickToNavigate(navPage, navProfile) }

// GoFavourites follows the nav bar's favourites link.
func (n *Nav) GoFavourites() error { return n.s.ClickToNavigate(navPage, navFavourites) }

// GoHome follows the nav bar's home link.
func (n *Nav) GoHome() error { return n.s.ClickToNavigate(navPage, navHome) }

// GoLogin follows the nav bar's login link.
func (n *Nav) GoLogin() error { return n.s.ClickToNavigate(navPage, navLogin) }

// GoSignup follows the nav bar's signup link.
func (n *Nav) GoSignup() error { return n.s.ClickToNavigate(navPage, navSignup) }
