package e2e

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages"
)

// coverPNG is a 30×45 cover image, uploaded from memory.
//
//go:embed testdata/cover.png
var coverPNG []byte

// friend is the user a reader shares a shelf with: one per worker, as the reader.
var friend = &flows.User{Name: "friend", PerWorker: true, SignIn: reader.SignIn}

// shelved puts a book not yet on the reader's shelf on it, through the API, and returns the
// reader's name and the book's title.
func shelved(f *flows.F) (name, title string) {
	on := backend.Pluck(f.CallAPI("GET", "/api/shelf", nil, 200).Get("items"), "id")
	id := 1 + rand.IntN(45)
	for slices.Contains(on, any(float64(id))) {
		id = 1 + rand.IntN(45)
	}
	return f.Get("name"), f.CallAPI("PUT", fmt.Sprintf("/api/shelf/%d", id), nil, 200).Get("title").Str()
}

var exportFlow = flows.Flow{Name: "export my shelf as CSV", As: reader, Doc: "Export CSV downloads my shelf, as the API exports it", Run: func(f *flows.F) {
	name, title := shelved(f)
	ui(f).Open("/@" + name)
	file := f.Tab.ExpectDownload(f.Tab.GetByRole("button", exact("Export CSV")).Click)
	f.Step("check the file", func() {
		require.Equal(f, "shelf-"+name+".csv", file.SuggestedName)
		lines := strings.Split(string(file.Bytes()), "\n") // no catalogue title needs CSV quoting
		require.Equal(f, "title,author,year", lines[0], "the CSV header")
		require.True(f, strings.HasPrefix(lines[1], title+","), "the newest book comes first: %s", lines[1])
		require.Equal(f, string(f.API.Get("/api/shelf.csv").Body), string(file.Bytes()), "the file is what the API exports")
	})
}}

var uploadFlow = flows.Flow{Name: "upload a book cover", As: reader, Doc: "a cover chosen in the file chooser shows on my shelf and is kept", Run: func(f *flows.F) {
	name, title := shelved(f)
	ui(f).Open("/@" + name)
	book := ui(f).MyBook(title)
	chooser := f.Tab.ExpectFileChooser(book.GetByRole("button", exact("Upload cover")).Click)
	chooser.SetFiles(pages.File{Name: "cover.png", MIMEType: "image/png", Bytes: coverPNG})
	f.Expect(ui(f).Toast("Cover of “" + title + "” uploaded")).ToBeVisible()
	f.Step("the cover shows, and is kept", func() {
		src, _ := book.GetByAltText("Cover of " + title).GetAttribute("src")
		require.Regexp(f, `^/covers/`+name+`/\d+\?v=\d+$`, src)
		width := f.Tab.Evaluate(`async (src) => { const i = new Image(); i.src = src; await i.decode(); return i.naturalWidth }`, src)
		require.Equal(f, 30, width.Int(), "the uploaded image's width")
		f.ExpectRows(`SELECT c.mime FROM covers c JOIN users u ON u.id = c.user_id JOIN books b ON b.id = c.book_id
			WHERE u.name = ? AND b.title = ?`, name, title).ToHaveValue("image/png")
	})
}}

var confirmFlow = flows.Flow{Name: "delete a book after a confirm dialog", As: reader, Doc: "Delete asks first: Cancel keeps the book, OK takes it off", Run: func(f *flows.F) {
	name, title := shelved(f)
	ui(f).Open("/@" + name)
	del := ui(f).MyBook(title).GetByRole("button", exact("Delete"))
	f.Step("cancel the delete", func() {
		d := f.Tab.ExpectDialog(del.Click)
		require.Equal(f, "confirm: Delete “"+title+"” from your shelf?", d.Type+": "+d.Message)
		d.Dismiss()
		f.Expect(ui(f).MyBook(title)).ToBeVisible()
	})
	f.Step("confirm it", func() {
		f.Tab.ExpectDialog(del.Click).Accept()
		f.Expect(ui(f).Toast("“" + title + "” deleted")).ToBeVisible()
		f.Expect(ui(f).MyBook(title)).ToHaveCount(0)
		f.ExpectRows(latestRow, name, title).ToHaveValue("removed")
	})
}}

var newTabFlow = flows.Flow{Name: "open in new tab", As: reader, Doc: "a book's link opens its page in a new tab, signed in as in the first", Run: func(f *flows.F) {
	ui(f).Open("/books?page=2")
	title := ui(f).Books("Books").First().GetByRole("heading").InnerText()
	book := f.Tab.ExpectPopup(ui(f).Book("Books", title).GetByRole("link", exact("Open in new tab")).Click)
	f.Step("the new tab shows the book", func() {
		f.Expect(book.GetByRole("heading", exact(title))).ToBeVisible()
		f.Expect(book.GetByAltText("Cover of " + title)).ToBeVisible()
		f.Expect(book.Locator("button[aria-pressed]")).ToBeVisible() // the shelf button: signed in there too
	})
}}

var shareFlow = flows.Flow{Name: "share my shelf with a friend", As: reader, Doc: "a friend, signed in at the same time, sees my shared shelf update", Run: func(f *flows.F) {
	name := f.Get("name")
	other := f.NewContext(friend)
	friendName := other.API.Get("/api/me").JSON().Get("name").Str()
	f.Step("share my shelf", func() {
		ui(f).Open("/@" + name)
		f.Tab.GetByLabel("Friend's name").Fill(friendName)
		f.Tab.GetByRole("button", exact("Share")).Click()
		f.Expect(ui(f).Toast("Shared with @" + friendName)).ToBeVisible()
	})
	On(other.Tab).Open("/shared/" + name)
	f.Expect(other.Tab.GetByRole("heading", exact(name+"'s shelf"))).ToBeVisible()
	_, title := shelved(f)
	f.Step("my friend's page shows the book I just added", func() {
		f.Expect(On(other.Tab).Book("Shelf", title)).ToBeVisible()
		require.Contains(f, backend.Pluck(other.API.Get("/api/shared").JSON().Get("items"), "name"), any(name))
	})
}}

var layoutFlow = flows.Flow{Name: "mobile layout: a menu button opens the navigation", Doc: "narrow (project mobile), the navigation hides behind Menu; wide, it shows", Run: func(f *flows.F) {
	ui(f).Open("/books")
	menu, signIn := f.Tab.GetByRole("button", exact("Menu")), ui(f).Link("Main", "Sign in")
	if !f.Tab.Evaluate(`() => matchMedia("(max-width: 600px)").matches`).Bool() {
		f.Expect(signIn).ToBeVisible()
		f.Expect(menu).ToBeHidden()
		return
	}
	f.Step("the navigation opens from the menu button, and closes as I go", func() {
		f.Expect(signIn).ToBeHidden()
		menu.Click()
		f.Expect(menu).ToHaveAttribute("aria-expanded", "true")
		signIn.Click()
		f.ExpectPage().ToHavePath("/#/login")
		f.Expect(signIn).ToBeHidden()
	})
}}
