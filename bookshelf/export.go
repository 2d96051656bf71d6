package bookshelf

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
)

// exportShelf answers the user's shelf as a CSV file to download: title, author, year, newest
// first, named shelf-NAME.csv.
func (a *App) exportShelf(w http.ResponseWriter, r *http.Request, u User) {
	books, err := a.shelfBooks(r.Context(), u)
	if err != nil {
		internal(w, err)
		return
	}
	var buf bytes.Buffer
	out := csv.NewWriter(&buf)
	_ = out.Write([]string{"title", "author", "year"})
	for _, b := range books {
		_ = out.Write([]string{b.Title, b.Author, strconv.Itoa(b.Year)})
	}
	out.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+ExportName(u.Name)+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}

// ExportName is the name of user name's exported shelf.
func ExportName(name string) string { return "shelf-" + name + ".csv" }

// book answers one book of the catalogue; with a token, whether it is on the user's shelf.
func (a *App) book(w http.ResponseWriter, r *http.Request) {
	u, _, err := a.bearer(r)
	if err != nil {
		internal(w, err)
		return
	}
	if b, ok := a.shelfBook(w, r, u); ok {
		send(w, http.StatusOK, b)
	}
}
