package shoppages

import (
	"fmt"

	"github.com/e2e-dev/e2e/pages"
)

// ProfilePage is the signed-in user's profile at /profile.
type ProfilePage struct{ s *pages.Session }

// The profile page's fields and test ids.
const (
	profilePath        = "/profile"
	profileUsername    = "profile-username"
	profileEmail       = "profile-email"
	profileDisplayName = "profile-display-name"
	profileSince       = "profile-since"
	profileSave        = "profile-save"
	labelDisplayName   = "Display name"
	profilePageName    = "profile page"
)

// Profile returns the profile page object.
func (u UI) Profile() *ProfilePage { return &ProfilePage{s: u.s} }

// text returns the text of the element with test id id.
func (p *ProfilePage) text(id string) (string, error) {
	return p.s.GetByTestID(id).OnPage(profilePageName).Text()
}

// Username returns the username shown.
func (p *ProfilePage) Username() (string, error) { return p.text(profileUsername) }

// Email returns the email shown.
func (p *ProfilePage) Email() (string, error) { return p.text(profileEmail) }

// DisplayName returns the display name shown.
func (p *ProfilePage) DisplayName() (string, error) {
	return p.text(profileDisplayName)
}

// MemberSince returns the "member since" date shown.
func (p *ProfilePage) MemberSince() (string, error) { return p.text(profileSince) }

// ChangeDisplayName fills the display name, saves, and waits for the page the shop answers with.
func (p *ProfilePage) ChangeDisplayName(name string) error {
	return p.s.Step(profilePageName, "change the display name to "+fmt.Sprintf("%q", name), func() error {
		if err := p.s.GetByLabel(labelDisplayName, pages.Exact()).OnPage(profilePageName).Fill(name); err != nil {
			return err
		}
		return p.s.GetByTestID(profileSave).OnPage(profilePageName).ClickToNavigate()
	})
}
