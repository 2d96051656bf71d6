package e2e

import (
	"fmt"

	"github.com/e2e-dev/e2e/pages"
)

// UI is the bookshelf as a flow's tab shows it. The app has no test ids: everything is found
// by role, label and text, as its users find it.
type UI struct{ s *pages.Session }

// On returns the page objects over a flow's tab (f.UI).
func On(s *pages.Session) UI { return UI{s: s} }

// Open goes to a hash route: Open("/books?page=2") opens /#/books?page=2.
func (u UI) Open(route string) error { return u.s.Goto("bookshelf", "/#"+route) }

// Field is the form field labelled label.
func (u UI) Field(label string) *pages.Locator { return u.s.GetByLabel(label, pages.Exact()) }

// Button is the button named name.
func (u UI) Button(name string) *pages.Locator {
	return u.s.GetByRole("button", pages.Name(name, pages.Exact()))
}

// Heading is the heading named name.
func (u UI) Heading(name string) *pages.Locator {
	return u.s.GetByRole("heading", pages.Name(name, pages.Exact()))
}

// Link is the main navigation's link named name.
func (u UI) Link(name string) *pages.Locator {
	return u.s.GetByRole("navigation", pages.Name("Main")).GetByRole("link", pages.Name(name, pages.Exact()))
}

// PageLink is the link named name of the catalogue's page navigation ("Next", "Previous").
func (u UI) PageLink(name string) *pages.Locator {
	return u.s.GetByRole("navigation", pages.Name("Pages")).GetByRole("link", pages.Name(name, pages.Exact()))
}

// Text is the innermost element showing text.
func (u UI) Text(text string) *pages.Locator { return u.s.GetByText(text) }

// Toast is the status message (role status) that shows text.
func (u UI) Toast(text string) *pages.Locator { return u.s.GetByRole("status").FilterHasText(text) }

// Alert is the error toast (role alert) that shows text: the server's error.
func (u UI) Alert(text string) *pages.Locator { return u.s.GetByRole("alert").FilterHasText(text) }

// fillIn fills the name and password fields and submits with button.
func (u UI) fillIn(page, name, password, button string) error {
	return u.s.Step(page, fmt.Sprintf("%s as %s", button, name), func() error {
		if err := u.Field("Name").Fill(name); err != nil {
			return err
		}
		if err := u.Field("Password").FillSecret(password); err != nil {
			return err
		}
		return u.Button(button).Click()
	})
}

// SignUp opens the sign-up page and submits name and password.
func (u UI) SignUp(name, password string) error {
	if err := u.Open("/register"); err != nil {
		return err
	}
	return u.fillIn("sign-up page", name, password, "Sign up")
}

// LogIn submits name and password on the sign-in page, opened unless it is shown.
func (u UI) LogIn(name, password string) error {
	if shown, err := u.Heading("Sign in").IsVisible(); err != nil || !shown {
		if err := u.Open("/login"); err != nil {
			return err
		}
	}
	return u.fillIn("sign-in page", name, password, "Sign in")
}

// List is the list named name: "Books" (the catalogue) or "Shelf" (a profile's).
func (u UI) List(name string) *pages.Locator {
	return u.s.GetByRole("list", pages.Name(name, pages.Exact()))
}

// Book is the item of list that shows the book titled title.
func (u UI) Book(list, title string) *pages.Locator {
	return u.List(list).GetByRole("listitem").FilterHas(u.Heading(title))
}

// ShelfButton is the shelf button of the book titled title in list.
func (u UI) ShelfButton(list, title string) *pages.Locator { return u.Book(list, title).GetByRole("button") }

// ToggleShelf clicks the shelf button of the book in list and waits for the API's answer,
// which must be a success: the flow then checks what the page shows.
func (u UI) ToggleShelf(list, title string) error {
	return u.s.Step("bookshelf", fmt.Sprintf("toggle the shelf button of %q", title), func() error {
		res, err := u.s.ExpectResponse(pages.Match("", "/api/shelf/*"), u.ShelfButton(list, title).Click)
		if err == nil && !res.OK() {
			err = fmt.Errorf("the shelf button's call: %s", res)
		}
		return err
	})
}
