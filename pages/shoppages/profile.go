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
	fieldDisplayName   = "display_name"
	profilePageName    = "profile page"
)

// Profile returns the profile page object.
func (u UI) Profile() *ProfilePage { return &ProfilePage{s: u.s} }

// Open goes to /profile.
func (p *ProfilePage) Open() error { return p.s.Goto(profilePageName, profilePath) }

// Username returns the username shown.
func (p *ProfilePage) Username() (string, error) { return p.s.Text(profilePageName, profileUsername) }

// Email returns the email shown.
func (p *ProfilePage) Email() (string, error) { return p.s.Text(profilePageName, profileEmail) }

// DisplayName returns the display name shown.
func (p *ProfilePage) DisplayName() (string, error) {
	return p.s.Text(profilePageName, profileDisplayName)
}

// MemberSince returns the "member since" date shown.
func (p *ProfilePage) MemberSince() (string, error) { return p.s.Text(profilePageName, profileSince) }

// ChangeDisplayName fills the display name, saves, and waits for the page the shop answers with.
func (p *ProfilePage) ChangeDisplayName(name string) error {
	return p.s.Step(profilePageName, "change the display name to "+fmt.Sprintf("%q", name), func() error {
		if err := p.s.Fill(profilePageName, fieldDisplayName, name, false); err != nil {
			return err
		}
		return p.s.ClickToNavigate(profilePageName, profileSave)
	})
}
