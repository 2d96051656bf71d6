package shoppages

import "github.com/e2e-dev/e2e/pages"

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

func (n *Nav) get(id string) *pages.Locator { return n.s.GetByTestID(id).OnPage(navPage) }

// User returns the signed-in username the nav bar shows.
func (n *Nav) User() (string, error) { return n.get(navUser).Text() }

// WaitSignedOut waits until the nav bar offers to log in, as it does only when signed out.
func (n *Nav) WaitSignedOut() error { return n.get(navLogin).WaitFor(pages.Visible) }

// SignedIn reports at once whether the nav bar shows a signed-in user.
func (n *Nav) SignedIn() (bool, error) {
	c, err := n.get(navUser).Count()
	return c > 0, err
}

// Flash returns the one-shot message at the top of the page.
func (n *Nav) Flash() (string, error) { return n.get(msgFlash).Text() }

// WaitFlash waits until the flash message reads want.
func (n *Nav) WaitFlash(want string) error {
	return pages.Expect(nil, n.get(msgFlash)).ToHaveText(want)
}

// Logout clicks "Log out" and waits for the page it leads to.
func (n *Nav) Logout() error { return n.get(navLogout).ClickToNavigate() }

// GoProfile follows the nav bar's profile link.
func (n *Nav) GoProfile() error { return n.get(navProfile).ClickToNavigate() }

// GoFavourites follows the nav bar's favourites link.
func (n *Nav) GoFavourites() error { return n.get(navFavourites).ClickToNavigate() }

// GoHome follows the nav bar's home link.
func (n *Nav) GoHome() error { return n.get(navHome).ClickToNavigate() }

// GoLogin follows the nav bar's login link.
func (n *Nav) GoLogin() error { return n.get(navLogin).ClickToNavigate() }

// GoSignup follows the nav bar's signup link.
func (n *Nav) GoSignup() error { return n.get(navSignup).ClickToNavigate() }
