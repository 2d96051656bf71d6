package shoppages

import (
	"net/url"

	"github.com/e2e-dev/e2e/pages"
	"github.com/go-rod/rod"
)

// LoginPage is the login form at /login.
type LoginPage struct{ s *pages.Session }

// The login form's test ids.
const (
	loginPath     = "/login"
	loginSubmit   = "login-submit"
	loginFormErr  = "form-error"
	loginPageName = "login page"
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

// Login fills username and password, submits, and waits for the page the shop answers with.
func (p *LoginPage) Login(username, password string) error {
	return p.s.Step(loginPageName, "log in as "+username, func() error {
		if err := p.s.Fill(loginPageName, fieldUsername, username, false); err != nil {
			return err
		}
		if err := p.s.Fill(loginPageName, fieldPassword, password, true); err != nil {
			return err
		}
		return p.s.ClickToNavigate(loginPageName, loginSubmit)
	})
}

// FormError returns the form's error message.
func (p *LoginPage) FormError() (string, error) { return p.s.Text(loginPageName, loginFormErr) }

// WaitShown waits until the login form is on the page.
func (p *LoginPage) WaitShown() error {
	return p.s.Action(loginPageName, "wait for the form", func(pg *rod.Page) error {
		_, err := p.s.Visible(pg, loginPageName, loginSubmit)
		return err
	})
}
