package shoppages

import "github.com/e2e-dev/e2e/pages"

// Nav is the navigation bar and message area every shop page has.
type Nav struct{ s *pages.Session }

// The nav bar's and messages' test ids.
const (
	navLogin      = "nav-login"
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
