package e2e

import (
	"fmt"
	"math/rand/v2"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/flows"
)

// Flows returns the suite's flows in suite order.
func Flows() []flows.Flow {
	return []flows.Flow{signupFlow, loginFlow, protectedFlow, profileFlow, addFlow, removeFlow, settingsFlow}
}

func ui(f *flows.F) UI { return On(f.UI) }

// newUser returns a fresh name (letters and digits only) and password, the password a secret.
func newUser(f *flows.F) (name, password string) {
	password = flows.UniqueName(flows.NameOptions{Prefix: "pw-", Length: 16})
	f.Secret(password)
	return flows.UniqueName(flows.NameOptions{Prefix: "r", Alphabet: flows.LowerHex}), password
}

// signedUp signs a fresh user up through the API.
func signedUp(f *flows.F) (name, password string) {
	name, password = newUser(f)
	f.Step("sign up through the API", func() {
		_, err := f.API.Expect(201).Call(f.Ctx, "POST", "/api/users", map[string]string{"name": name, "password": password}, nil)
		f.NoError(err)
	})
	return name, password
}

// logIn logs in through the sign-in page and expects the profile.
func logIn(f *flows.F, name, password string) {
	f.Step("log in", func() {
		f.NoError(ui(f).LogIn(name, password))
		f.ExpectPage().ToHavePath("/#/@" + name)
		f.Expect(ui(f).Link("@" + name)).ToBeVisible()
	})
}

// reader is the shelf flows' signed-in user: one per worker, signed up and in once.
var reader = &flows.Session{Name: "reader", PerWorker: true, Setup: func(f *flows.F) {
	name, password := signedUp(f)
	logIn(f, name, password)
	f.Keep("name", name)
}}

// readerProfile opens the reader's profile, signed in from the saved session.
func readerProfile(f *flows.F) string {
	name := f.Kept("name")
	f.Step("open my profile", func() {
		f.NoError(ui(f).Open("/@" + name))
		f.Expect(ui(f).Heading("My shelf")).ToBeVisible()
	})
	return name
}

// book is a book of the catalogue as the API answers it.
type book struct {
	ID    int
	Title string
}

// shelf returns the books GET /api/shelf lists, as the signed-in user (the storage token).
func shelf(f *flows.F) map[int]bool {
	res, err := f.API.Expect(200).Get(f.Ctx, "/api/shelf")
	f.NoError(err)
	on := map[int]bool{}
	for _, b := range res.JSON().Get("items").Arr() {
		on[b.Get("id").Int()] = true
	}
	return on
}

// checkRows checks the user's shelf rows of b (active ones, want of them) and that the
// asynchronous users.shelf_count eventually counts every active row.
func checkRows(f *flows.F, name string, b book, want int) {
	const active = "SELECT 1 FROM shelf s JOIN users u ON u.id = s.user_id WHERE u.name = ? AND s.removed_at IS NULL"
	n, err := f.DB.Count(f.Ctx, active+" AND s.book_id = ?", name, b.ID)
	f.NoError(err)
	require.Equal(f, want, n, "shelf rows of book %d without removed_at", b.ID)
	all, err := f.DB.Count(f.Ctx, active, name)
	f.NoError(err)
	_, err = f.DB.Eventually(f.Ctx, "SELECT shelf_count FROM users WHERE name = ?", []any{name},
		func(rows []map[string]any) bool { return len(rows) == 1 && rows[0]["shelf_count"] == int64(all) })
	f.NoError(err)
}

var signupFlow = flows.Flow{Name: "signup", Doc: "a bad name is refused in a toast; a good one creates a user with a hashed password", Run: func(f *flows.F) {
	name, password := newUser(f)
	f.Step("a name with a dash is refused", func() {
		f.NoError(ui(f).SignUp(name+"-x", password))
		f.Expect(ui(f).Alert("Names are 3 to 30 letters and digits")).ToBeVisible()
		n, err := f.DB.Count(f.Ctx, "SELECT 1 FROM users WHERE name = ?", name+"-x")
		f.NoError(err)
		require.Zero(f, n, "users rows of the refused name")
	})
	f.Step("sign up", func() {
		f.NoError(ui(f).SignUp(name, password))
		f.ExpectPage().ToHavePath("/#/login")
		f.Expect(ui(f).Toast("Account created: sign in")).ToBeVisible()
	})
	f.Step("check the users row", func() {
		hash, err := f.DB.Value(f.Ctx, "SELECT password_hash FROM users WHERE name = ?", name)
		f.NoError(err)
		require.Regexp(f, `^\$2[aby]\$`, hash, "users.password_hash is a bcrypt hash")
	})
}}

var loginFlow = flows.Flow{Name: "login", Doc: "a wrong password is refused in a toast; the right one leads to the profile with a token", Run: func(f *flows.F) {
	name, password := signedUp(f)
	f.Step("log in with a wrong password", func() {
		f.NoError(ui(f).LogIn(name, password+"x"))
		f.Expect(ui(f).Alert("Wrong name or password")).ToBeVisible()
		f.ExpectPage().ToHavePath("/#/login")
	})
	logIn(f, name, password)
	f.Step("see the profile", func() {
		f.Expect(ui(f).Heading(name)).ToBeVisible()
		f.Expect(ui(f).Text("No books on the shelf yet.")).ToBeVisible()
	})
	f.Step("check /api/me with the token and the tokens row", func() {
		me, err := f.API.Expect(200).Get(f.Ctx, "/api/me")
		f.NoError(err)
		require.Equal(f, name, me.JSON().Get("name").Str(), "/api/me name")
		n, err := f.DB.Count(f.Ctx, "SELECT 1 FROM tokens t JOIN users u ON u.id = t.user_id WHERE u.name = ?", name)
		f.NoError(err)
		require.Equal(f, 1, n, "tokens rows after logging in")
	})
}}

var protectedFlow = flows.Flow{Name: "protected redirect", Doc: "signed out, #/settings leads to the sign-in page, and back after signing in", Run: func(f *flows.F) {
	name, password := signedUp(f)
	f.Step("open the settings signed out", func() {
		f.NoError(ui(f).Open("/settings"))
		f.ExpectPage().ToHavePath("/#/login?next=/settings")
	})
	f.Step("log in from there", func() {
		f.NoError(ui(f).LogIn(name, password))
		f.ExpectPage().ToHavePath("/#/settings")
		f.Expect(ui(f).Field("Display name")).ToHaveValue(name)
	})
}}

var profileFlow = flows.Flow{Name: "profile", Session: reader, Doc: "the profile shows the user and the catalogue pages", Run: func(f *flows.F) {
	name := readerProfile(f)
	f.Step("see the profile", func() {
		f.Expect(ui(f).Heading(name)).ToBeVisible()
		f.Expect(ui(f).Text("@" + name)).ToHaveCount(2) // the nav link and the profile
	})
	f.Step("browse to the second page of books", func() {
		f.NoError(ui(f).Link("Books").Click())
		f.NoError(ui(f).PageLink("Next").Click())
		f.ExpectPage().ToHavePath("/#/books?page=2")
		f.Expect(ui(f).Text("Page 2 of 5")).ToBeVisible()
		f.Expect(ui(f).List("Books").GetByRole("listitem")).ToHaveCount(10)
	})
}}

// pickBook picks a book of a random catalogue page that is not on the user's shelf and opens
// that page.
func pickBook(f *flows.F) book {
	var b book
	f.Step("open a page of books and pick one not on my shelf", func() {
		page := 1 + rand.IntN(5)
		res, err := f.API.Expect(200).Get(f.Ctx, fmt.Sprintf("/api/books?page=%d", page))
		f.NoError(err)
		var off []book
		for _, it := range res.JSON().Get("items").Arr() {
			if !it.Get("on_shelf").Bool() {
				off = append(off, book{ID: it.Get("id").Int(), Title: it.Get("title").Str()})
			}
		}
		require.NotEmpty(f, off, "books of page %d not on the shelf", page)
		b = off[rand.IntN(len(off))]
		f.NoError(ui(f).Open(fmt.Sprintf("/books?page=%d", page)))
	})
	return b
}

var addFlow = flows.Flow{Name: "add to shelf", Session: reader, Doc: "adding a book shows in the page, the API, the rows and the profile", Run: func(f *flows.F) {
	name := readerProfile(f)
	b := pickBook(f)
	f.Step("add it to my shelf", func() {
		f.NoError(ui(f).ToggleShelf("Books", b.Title))
		f.Expect(ui(f).ShelfButton("Books", b.Title)).ToHaveText("Remove from shelf")
		f.Expect(ui(f).ShelfButton("Books", b.Title)).ToHaveAttribute("aria-pressed", "true")
		f.Expect(ui(f).Toast(b.Title + "” is on your shelf")).ToBeVisible()
	})
	f.Step("check GET /api/shelf", func() {
		require.Equal(f, "on the shelf", onShelf(shelf(f)[b.ID]), "book %d (%s) in GET /api/shelf", b.ID, b.Title)
	})
	f.Step("check the shelf rows", func() { checkRows(f, name, b, 1) })
	f.Step("see it on my profile", func() {
		f.NoError(ui(f).Link("@" + name).Click())
		f.Expect(ui(f).Book("Shelf", b.Title)).ToBeVisible()
	})
}}

// onShelf says where a book is.
func onShelf(on bool) string { return map[bool]string{true: "on the shelf", false: "not on the shelf"}[on] }

var removeFlow = flows.Flow{Name: "remove from shelf", Session: reader, Doc: "taking a book off the profile's shelf soft-deletes its row", Run: func(f *flows.F) {
	name := readerProfile(f)
	b := pickBook(f)
	f.Step("put it on my shelf through the API", func() {
		_, err := f.API.Expect(200).Call(f.Ctx, "PUT", fmt.Sprintf("/api/shelf/%d", b.ID), nil, nil)
		f.NoError(err)
	})
	f.Step("take it off on my profile", func() {
		f.NoError(ui(f).Link("@" + name).Click())
		f.NoError(ui(f).ToggleShelf("Shelf", b.Title))
		f.Expect(ui(f).Toast(b.Title + "” is off your shelf")).ToBeVisible()
		f.Expect(ui(f).Book("Shelf", b.Title)).ToHaveCount(0)
	})
	f.Step("check GET /api/shelf", func() {
		require.Equal(f, "not on the shelf", onShelf(shelf(f)[b.ID]), "book %d (%s) in GET /api/shelf", b.ID, b.Title)
	})
	f.Step("check the shelf rows: removed_at is set", func() {
		checkRows(f, name, b, 0)
		n, err := f.DB.Count(f.Ctx, "SELECT 1 FROM shelf s JOIN users u ON u.id = s.user_id WHERE u.name = ? AND s.book_id = ? AND s.removed_at IS NOT NULL", name, b.ID)
		f.NoError(err)
		require.Equal(f, 1, n, "soft-deleted shelf rows of book %d", b.ID)
	})
}}

var settingsFlow = flows.Flow{Name: "settings and logout", Doc: "a new display name reaches the profile, the API and the row; logging out drops the token", Run: func(f *flows.F) {
	name, password := signedUp(f)
	logIn(f, name, password)
	display := "Reader " + name[1:5]
	f.Step("change my display name", func() {
		f.NoError(ui(f).Link("Settings").Click())
		f.NoError(ui(f).Field("Display name").Fill(display))
		f.NoError(ui(f).Button("Save").Click())
		f.Expect(ui(f).Toast("Settings saved")).ToBeVisible()
		f.NoError(ui(f).Link("@" + name).Click())
		f.Expect(ui(f).Heading(display)).ToBeVisible()
	})
	f.Step("check /api/me and the users row", func() {
		me, err := f.API.Expect(200).Get(f.Ctx, "/api/me")
		f.NoError(err)
		require.Equal(f, display, me.JSON().Get("display_name").Str(), "/api/me display_name")
		got, err := f.DB.Value(f.Ctx, "SELECT display_name FROM users WHERE name = ?", name)
		f.NoError(err)
		require.Equal(f, display, got, "users.display_name")
	})
	f.Step("log out", func() {
		f.NoError(ui(f).Link("Settings").Click())
		f.NoError(ui(f).Button("Log out").Click())
		f.ExpectPage().ToHavePath("/#/login")
		f.Expect(ui(f).Toast("Signed out")).ToBeVisible()
	})
	f.Step("check the token is gone", func() {
		token, err := f.UI.Page.Eval(`() => localStorage.getItem("bookshelf.token")`)
		f.NoError(err)
		require.True(f, token.Value.Nil(), "localStorage bookshelf.token after logging out")
		_, err = f.API.Expect(401).Get(f.Ctx, "/api/me")
		f.NoError(err)
		n, err := f.DB.Count(f.Ctx, "SELECT 1 FROM tokens t JOIN users u ON u.id = t.user_id WHERE u.name = ?", name)
		f.NoError(err)
		require.Zero(f, n, "tokens rows after logging out")
	})
	f.Step("the settings now send me to sign in", func() {
		f.NoError(ui(f).Open("/settings"))
		f.ExpectPage().ToHavePath("/#/login?next=/settings")
	})
}}
