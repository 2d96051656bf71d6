package shoppages

import (
	"fmt"

	"github.com/e2e-dev/e2e/pages"
)

// ProfilePage is the signed-in user's profile at /profile.
type ProfilePage struct {
	tab *pages.Tab
	// What the profile shows of the user.
	Username, Email, DisplayName, MemberSince *pages.Locator
}

const profilePage = "profile page"

// Profile returns the profile page of tab.
func Profile(tab *pages.Tab) ProfilePage {
	on := func(id string) *pages.Locator { return tab.GetByTestID(id).OnPage(profilePage) }
	return ProfilePage{tab: tab, Username: on("profile-username"), Email: on("profile-email"),
		DisplayName: on("profile-display-name"), MemberSince: on("profile-since")}
}

// ChangeDisplayName saves name as the display name and waits for the page the shop answers with.
func (p ProfilePage) ChangeDisplayName(name string) {
	p.tab.Step(fmt.Sprintf("%s: change the display name to %q", profilePage, name), func() {
		p.tab.GetByLabel("Display name", pages.Exact()).OnPage(profilePage).Fill(name)
		p.tab.GetByTestID("profile-save").OnPage(profilePage).ClickToNavigate()
	})
}
