package e2e

import "github.com/e2e-dev/e2e/pages"

// UI is the bookshelf as a flow's tab shows it. The app has no test ids: everything is found
// by role, label and text, as its users find it. Flows use the engine's locators directly
// (f.Tab.GetByLabel("Display name")); the page objects hold what takes more than one.
type UI struct{ tab *pages.Tab }

// On returns the page objects over a flow's tab (f.Tab).
func On(tab *pages.Tab) UI { return UI{tab: tab} }

// Open goes to a hash route: Open("/books?page=2") opens /#/books?page=2.
func (u UI) Open(route string) { u.tab.Goto("/#" + route) }

// exact is an exact accessible name.
func exact(name string) pages.RoleOption { return pages.Name(name, pages.Exact()) }

// Link is the link named name of the navigation named nav: "Main" (the header's) or "Pages"
// (the catalogue's).
func (u UI) Link(nav, name string) *pages.Locator {
	return u.tab.GetByRole("navigation", exact(nav)).GetByRole("link", exact(name))
}

// Nav clicks the link named name of the main navigation, which the narrow layout (a phone)
// hides behind its menu button: that is pressed first when it shows.
func (u UI) Nav(name string) {
	if menu := u.tab.GetByRole("button", exact("Menu")); menu.IsVisible() {
		menu.Click()
	}
	u.Link("Main", name).Click()
}

// Toast is the status message (role status) that shows text.
func (u UI) Toast(text string) *pages.Locator { return u.tab.GetByRole("status").FilterHasText(text) }

// Alert is the error toast (role alert) that shows text: the server's error.
func (u UI) Alert(text string) *pages.Locator { return u.tab.GetByRole("alert").FilterHasText(text) }

// Submit fills the name and password fields of the sign-up or sign-in page and clicks button
// ("Sign up", "Sign in").
func (u UI) Submit(button, name, password string) {
	u.tab.Step("bookshelf: "+button+" as "+name, func() {
		u.tab.GetByLabel("Name", pages.Exact()).Fill(name)
		u.tab.GetByLabel("Password").FillSecret(password)
		u.tab.GetByRole("button", exact(button)).Click()
	})
}

// Books are the items of the list named list, "Books" (the catalogue) or "Shelf" (a profile's).
func (u UI) Books(list string) *pages.Locator {
	return u.tab.GetByRole("list", exact(list)).GetByRole("listitem")
}

// Book is the item of list that shows the book titled title.
func (u UI) Book(list, title string) *pages.Locator {
	return u.Books(list).FilterHas(u.tab.GetByRole("heading", exact(title)))
}

// ShelfButton is the shelf button of the book titled title in list.
func (u UI) ShelfButton(list, title string) *pages.Locator {
	return u.Book(list, title).Locator("button[aria-pressed]")
}

// ToggleShelf clicks the shelf button of the book in list and waits for the API's answer,
// which must be a success: the flow then checks what the page shows.
func (u UI) ToggleShelf(list, title string) {
	u.tab.ExpectOKResponse(pages.Match("", "/api/shelf/*"), u.ShelfButton(list, title).Click)
}

// MyBook is the item of my shelf (on my profile) that shows the book titled title, with its
// "Upload cover", "Delete" and "Open in new tab" controls.
func (u UI) MyBook(title string) *pages.Locator { return u.Book("Shelf", title) }
