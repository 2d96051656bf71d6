package shoppages

import "github.com/e2e-dev/e2e/pages"

// SignupPage is the sign-up form at /signup.
type SignupPage struct{ s *pages.Session }

// The signup form's labels and test ids.
const (
	signupPath      = "/signup"
	signupSubmit    = "signup-submit"
	labelEmail      = "Email"
	labelConfirm    = "Confirm password"
	signupPageName  = "signup page"
	fieldErrorIDFmt = "error-"
)

// Signup returns the sign-up page object.
func (u UI) Signup() *SignupPage { return &SignupPage{s: u.s} }

// Open goes to /signup.
func (p *SignupPage) Open() error { return p.s.Goto(signupPageName, signupPath) }

// Fill fills the form with a (confirming the password with itself) without submitting it.
func (p *SignupPage) Fill(a Account) error {
	return p.s.Step(signupPageName, "fill the form for "+a.Username, func() error {
		field := func(label string) *pages.Locator { return p.s.GetByLabel(label, pages.Exact()).OnPage(signupPageName) }
		if err := field(labelUsername).Fill(a.Username); err != nil {
			return err
		}
		if err := field(labelEmail).Fill(a.Email); err != nil {
			return err
		}
		if err := field(labelPassword).FillSecret(a.Password); err != nil {
			return err
		}
		return field(labelConfirm).FillSecret(a.Password)
	})
}

// Submit submits the form and waits for the page the shop answers with.
func (p *SignupPage) Submit() error {
	return p.s.GetByTestID(signupSubmit).OnPage(signupPageName).ClickToNavigate()
}

// Signup fills the form with a and submits it.
func (p *SignupPage) Signup(a Account) error {
	return p.s.Step(signupPageName, "sign up as "+a.Username, func() error {
		if err := p.Fill(a); err != nil {
			return err
		}
		return p.Submit()
	})
}
