package e2e

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages"
)

// Flows are the suite's flows, in suite order.
var Flows = []flows.Flow{signupFlow, loginFlow, protectedFlow, profileFlow, addFlow, removeFlow, settingsFlow,
	exportFlow, uploadFlow, confirmFlow, newTabFlow, shareFlow, layoutFlow, apiExportFlow, apiShareFlow}

func ui(f *flows.F) UI { return On(f.Tab) }

// newUser returns a fresh name (letters and digits only) and password, the password a secret.
func newUser(f *flows.F) (name, password string) {
	name = flows.UniqueName(flows.NameOptions{Prefix: "r", Alphabet: flows.LowerHex})
	return name, f.Secret(flows.UniqueName(flows.NameOptions{Prefix: "pw-", Length: 16}))
}

// signedUp signs a fresh user up through the API.
func signedUp(f *flows.F) (name, password string) {
	name, password = newUser(f)
	f.CallAPI("POST", "/api/users", map[string]string{"name": name, "password": password}, 201)
	return name, password
}

// logIn logs in through the sign-in page, which leads to the user's profile.
func logIn(f *flows.F, name, password string) {
	f.Step("log in", func() {
		ui(f).Open("/login")
		ui(f).Submit("Sign in", name, password)
		f.ExpectPage().ToHavePath("/#/@" + name)
	})
}

// reader is the shelf flows' signed-in user: one per worker, signed up and in once.
var reader = &flows.User{Name: "reader", PerWorker: true, SignIn: func(f *flows.F) {
	name, password := signedUp(f)
	logIn(f, name, password)
	f.Set("name", name)
}}

// Queries of the rows the flows check.
const (
	tokensOf = "SELECT 1 FROM tokens t JOIN users u ON u.id = t.user_id WHERE u.name = ?"
	// latestRow is the state of the user's latest shelf row of a book: taking a book off
	// sets removed_at (a soft delete).
	latestRow = `SELECT CASE WHEN s.removed_at IS NULL THEN 'on the shelf' ELSE 'removed' END FROM shelf s
		JOIN users u ON u.id = s.user_id JOIN books b ON b.id = s.book_id WHERE u.name = ? AND b.title = ? ORDER BY s.id DESC LIMIT 1`
)

var signupFlow = flows.Flow{Name: "signup", Doc: "a bad name is refused in a toast; a good one creates a user with a hashed password", Run: func(f *flows.F) {
	name, password := newUser(f)
	f.Step("a name with a dash is refused", func() {
		ui(f).Open("/register")
		ui(f).Submit("Sign up", name+"-x", password)
		f.Expect(ui(f).Alert("Names are 3 to 30 letters and digits")).ToBeVisible()
		f.ExpectRows("SELECT 1 FROM users WHERE name = ?", name+"-x").ToHaveCount(0)
	})
	f.Step("sign up; the password is stored hashed", func() {
		ui(f).Submit("Sign up", name, password)
		f.ExpectPage().ToHavePath("/#/login")
		f.Expect(ui(f).Toast("Account created: sign in")).ToBeVisible()
		f.ExpectRows("SELECT 1 FROM users WHERE name = ? AND password_hash LIKE '$2%' AND password_hash <> ?", name, password).ToHaveCount(1)
	})
}}

var loginFlow = flows.Flow{Name: "login", Doc: "logging in leads to my profile, with a token the API takes and a tokens row", Run: func(f *flows.F) {
	name, password := signedUp(f)
	logIn(f, name, password)
	f.Step("see my profile, check /api/me with the token and the tokens row", func() {
		f.Expect(f.Tab.GetByRole("heading", pages.Name(name))).ToBeVisible()
		require.Equal(f, name, f.CallAPI("GET", "/api/me", nil, 200).Get("name").Str(), "/api/me name")
		f.ExpectRows(tokensOf, name).ToHaveCount(1)
	})
}}

var protectedFlow = flows.Flow{Name: "protected redirect", Doc: "signed out, #/settings leads to the sign-in page, and back after signing in", Run: func(f *flows.F) {
	name, password := signedUp(f)
	f.Step("open the settings signed out", func() {
		ui(f).Open("/settings")
		f.ExpectPage().ToHavePath("/#/login?next=/settings")
	})
	f.Step("log in from there", func() {
		ui(f).Submit("Sign in", name, password)
		f.ExpectPage().ToHavePath("/#/settings")
		f.Expect(f.Tab.GetByLabel("Display name")).ToHaveValue(name)
	})
}}

var profileFlow = flows.Flow{Name: "profile", As: reader, Doc: "my profile shows me and my shelf", Run: func(f *flows.F) {
	name := f.Get("name")
	ui(f).Open("/@" + name)
	f.Expect(f.Tab.GetByRole("heading", pages.Name(name))).ToBeVisible()
	f.Expect(f.Tab.GetByRole("heading", pages.Name("My shelf"))).ToBeVisible()
}}

// addBook adds a book of a random catalogue page, not yet on the reader's shelf, and checks
// the page, GET /api/shelf, the row and the asynchronous shelf count.
func addBook(f *flows.F) (name, title string) {
	name = f.Get("name")
	f.Step("open a page of books and pick one not on my shelf", func() {
		page := 1 + rand.IntN(5)
		ui(f).Open(fmt.Sprintf("/books?page=%d", page))
		f.Expect(f.Tab.GetByText(fmt.Sprintf("Page %d of 5", page))).ToBeVisible()
		off := ui(f).Books("Books").FilterHas(f.Tab.GetByRole("button", pages.Name("Add to shelf"))).GetByRole("heading").AllInnerTexts()
		require.NotEmpty(f, off, "titles of the books not on my shelf on page %d", page)
		title = off[rand.IntN(len(off))]
	})
	f.Step("add it to my shelf", func() {
		ui(f).ToggleShelf("Books", title)
		f.Expect(ui(f).ShelfButton("Books", title)).ToHaveAttribute("aria-pressed", "true")
		f.Expect(ui(f).Toast(title + "” is on your shelf")).ToBeVisible()
	})
	checkShelf(f, name, title, true)
	return name, title
}

// checkShelf checks, as the reader, that GET /api/shelf lists the book titled title or not
// (on), as its rows do, and that the asynchronous shelf count comes to the API's number.
func checkShelf(f *flows.F, name, title string, on bool) {
	var titles []any
	f.Step("check GET /api/shelf", func() {
		titles = backend.Pluck(f.CallAPI("GET", "/api/shelf", nil, 200).Get("items"), "title")
		require.Equal(f, on, slices.Contains(titles, any(title)), "%q is on the shelf GET /api/shelf lists (%v)", title, titles)
	})
	f.Step("check the shelf rows and the shelf count", func() {
		f.ExpectRows(latestRow, name, title).ToHaveValue(map[bool]string{true: "on the shelf", false: "removed"}[on])
		f.ExpectRows("SELECT shelf_count FROM users WHERE name = ?", name).Eventually().ToHaveValue(len(titles))
	})
}

var addFlow = flows.Flow{Name: "add to shelf", As: reader, Doc: "adding a book shows in the page, the API, the rows and the profile", Run: func(f *flows.F) {
	name, title := addBook(f)
	f.Step("see it on my profile", func() {
		ui(f).Nav("@" + name)
		f.Expect(ui(f).Book("Shelf", title)).ToBeVisible()
	})
}}

var removeFlow = flows.Flow{Name: "remove from shelf", As: reader, Doc: "taking a book off the profile's shelf soft-deletes its row", Run: func(f *flows.F) {
	name, title := addBook(f)
	f.Step("take it off on my profile", func() {
		ui(f).Nav("@" + name)
		ui(f).ToggleShelf("Shelf", title)
		f.Expect(ui(f).Toast(title + "” is off your shelf")).ToBeVisible()
		f.Expect(ui(f).Book("Shelf", title)).ToHaveCount(0)
	})
	checkShelf(f, name, title, false)
}}

var settingsFlow = flows.Flow{Name: "settings and logout", Doc: "a new display name reaches the profile, the API and the row; logging out drops the token", Run: func(f *flows.F) {
	name, password := signedUp(f)
	logIn(f, name, password)
	display := "Reader " + name[1:5]
	f.Step("change my display name", func() {
		ui(f).Nav("Settings")
		f.Tab.GetByLabel("Display name").Fill(display)
		f.Tab.GetByRole("button", pages.Name("Save")).Click()
		f.Expect(ui(f).Toast("Settings saved")).ToBeVisible()
		ui(f).Nav("@" + name)
		f.Expect(f.Tab.GetByRole("heading", pages.Name(display))).ToBeVisible()
	})
	f.Step("check /api/me and the users row", func() {
		require.Equal(f, display, f.CallAPI("GET", "/api/me", nil, 200).Get("display_name").Str(), "/api/me display_name")
		f.ExpectRows("SELECT display_name FROM users WHERE name = ?", name).ToHaveValue(display)
	})
	f.Step("log out", func() {
		ui(f).Nav("Settings")
		f.Tab.GetByRole("button", pages.Name("Log out")).Click()
		f.ExpectPage().ToHavePath("/#/login")
		f.Expect(ui(f).Toast("Signed out")).ToBeVisible()
	})
	f.Step("check the token is gone", func() {
		require.Empty(f, f.Tab.LocalStorage().Get("bookshelf.token"), "localStorage bookshelf.token after logging out")
		f.CallAPI("GET", "/api/me", nil, 401)
		f.ExpectRows(tokensOf, name).ToHaveCount(0)
	})
	f.Step("the settings now send me to sign in", func() {
		ui(f).Open("/settings")
		f.ExpectPage().ToHavePath("/#/login?next=/settings")
	})
}}
