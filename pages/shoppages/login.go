package shoppages

import (
	"net/url"

	"github.com/e2e-dev/e2e/pages"
)

// LoginPage is the login form at /login.
type LoginPage struct{ s *pages.Session }

// The login form's path, labels and test ids.
const (
	loginPath     = "/login"
	loginSubmit   = "login-submit"
	loginFormErr  = "form-error"
	loginPageName = "login page"
	labelUsername = "Username"
	labelPassword = "Password"
)

// Login returns the login page object.
func (u UI) Login() *LoginPage { return &LoginPage{s: u.s} }

// Open goes to /login, with ?next= when next is not empty.
func (p *LoginPage) Open(next string) error {
	path := loginPath
	if next != "" {
		path += "?next=" + url.QueryEscape(next)
	}
	return p.s.Goto(loginPageName, path)
}

func (p *LoginPage) field(label string) *pages.Locator {
	return p.s.GetByLabel(label, pages.Exact()).OnPage(loginPageName)
}

func (p *LoginPage) submit() *pages.Locator {
	return p.s.GetByTestID(loginSubmit).OnPage(loginPageName)
}

// Login fills username and password, submits, and waits for the page the shop answers with.
func (p *LoginPage) Login(username, password string) error {
	return p.s.Step(loginPageName, "log in as "+username, func() error {
		if err := p.field(labelUsername).Fill(username); err != nil {
			return err
		}
		if err := p.field(labelPassword).FillSecret(password); err != nil {
			return err
		}
		return p.submit().ClickToNavigate()
	})
}

// FormError returns the form's error message.
func (p *LoginPage) FormError() (string, error) {
	return p.s.GetByTestID(loginFormErr).OnPage(loginPageName).Text()
}

// WaitShown waits until the login form is on the page.
func (p *LoginPage) WaitShown() error { return p.submit().WaitFor(pages.Visible) }
