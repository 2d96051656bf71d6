package shoppages

import "github.com/e2e-dev/e2e/pages"

// LoginPage is the sign-in form at /login.
type LoginPage struct {
	tab *pages.Tab
	// Username, Password and Submit are the form's; Error is its message after a refusal.
	Username, Password, Submit, Error *pages.Locator
}

const loginPage = "login page"

// Login returns the sign-in form of tab's page.
func Login(tab *pages.Tab) LoginPage {
	return LoginPage{tab: tab,
		Username: tab.GetByLabel("Username", pages.Exact()).OnPage(loginPage),
		Password: tab.GetByLabel("Password", pages.Exact()).OnPage(loginPage),
		Submit:   tab.GetByTestID("login-submit").OnPage(loginPage),
		Error:    tab.GetByTestID("form-error").OnPage(loginPage),
	}
}

// Open opens /login.
func (p LoginPage) Open() { p.tab.Goto("/login") }

// As fills the form with username and password, submits it and waits for the page the shop
// answers with.
func (p LoginPage) As(username, password string) {
	p.tab.Step(loginPage+": log in as "+username, func() {
		p.Username.Fill(username)
		p.Password.FillSecret(password)
		p.Submit.ClickToNavigate()
	})
}
