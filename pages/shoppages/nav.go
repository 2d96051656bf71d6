package shoppages

import "github.com/e2e-dev/e2e/pages"

// NavBar is the navigation bar and the messages every page of the shop may show.
type NavBar struct {
	tab *pages.Tab
	// User is the signed-in user's name; LogIn is the sign-in link a signed-out page shows.
	User, LogIn *pages.Locator
	// Flash is the message a redirect leaves ("Signed out"), Toast the answer to the last
	// change of favourites, Offline the notice shown while the browser is offline.
	Flash, Toast, Offline *pages.Locator
}

// Nav returns the navigation bar of tab's page.
func Nav(tab *pages.Tab) NavBar {
	on := func(id string) *pages.Locator { return tab.GetByTestID(id).OnPage("nav") }
	return NavBar{tab: tab, User: on("nav-user"), LogIn: on("nav-login"), Flash: on("flash"), Toast: on("toast"), Offline: on("offline")}
}

// LogOut clicks "Log out" and waits for the page it leads to.
func (n NavBar) LogOut() { n.tab.GetByTestID("nav-logout").OnPage("nav").ClickToNavigate() }

// GoProfile opens the profile through the bar.
func (n NavBar) GoProfile() { n.tab.GetByTestID("nav-profile").OnPage("nav").ClickToNavigate() }

// GoFavourites opens the favourites through the bar.
func (n NavBar) GoFavourites() { n.tab.GetByTestID("nav-favourites").OnPage("nav").ClickToNavigate() }
