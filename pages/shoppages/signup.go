package shoppages

import "github.com/e2e-dev/e2e/pages"

// SignupPage is the sign-up form at /signup.
type SignupPage struct {
	tab *pages.Tab
	// Username is the form's first field, which a refused sign-up shows again.
	Username *pages.Locator
}

const signupPage = "signup page"

// Signup returns the sign-up form of tab's page.
func Signup(tab *pages.Tab) SignupPage {
	return SignupPage{tab: tab, Username: tab.GetByLabel("Username", pages.Exact()).OnPage(signupPage)}
}

// SignUp opens /signup, fills the form for a and submits it; the page it leads to is the
// flow's to check.
func (p SignupPage) SignUp(a Account) {
	p.tab.Step(signupPage+": sign up as "+a.Username, func() {
		p.tab.Goto("/signup")
		field := func(label string) *pages.Locator { return p.tab.GetByLabel(label, pages.Exact()).OnPage(signupPage) }
		p.Username.Fill(a.Username)
		field("Email").Fill(a.Email)
		field("Password").FillSecret(a.Password)
		field("Confirm password").FillSecret(a.Password)
		p.tab.GetByTestID("signup-submit").OnPage(signupPage).ClickToNavigate()
	})
}
