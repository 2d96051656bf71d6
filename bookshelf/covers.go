package bookshelf

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // registers GIF for decodes
	_ "image/jpeg" // registers JPEG for decodes
	_ "image/png"  // registers PNG for decodes
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxCover is the largest cover image a user may upload.
const MaxCover = 1 << 20

// coverTypes are the image types a cover may be, as sniffed from its bytes (the request's
// Content-Type is not trusted).
var coverTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

// decodes reports whether data is a whole image header of its sniffed type (WebP, which the
// standard library does not decode, is taken on its signature).
func decodes(mime string, data []byte) bool {
	if mime == "image/webp" {
		return true
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	return err == nil && cfg.Width > 0 && cfg.Height > 0
}

// coverURL is the URL of book id's cover: owner's upload of the time uploaded (a stamp; the
// query string changes with each upload, so the page loads the new one), or the catalogue's.
func coverURL(id int64, owner, uploaded string) string {
	if uploaded == "" || owner == "" {
		return fmt.Sprintf("/covers/%d.svg", id)
	}
	version := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, uploaded)
	return fmt.Sprintf("/covers/%s/%d?v=%s", owner, id, version)
}

// uploadCover keeps the request's body, an image, as the user's cover of a book on their shelf.
func (a *App) uploadCover(w http.ResponseWriter, r *http.Request, u User) {
	b, ok := a.shelfBook(w, r, u)
	if !ok {
		return
	}
	if !b.OnShelf {
		fail(w, http.StatusNotFound, "That book is not on your shelf")
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxCover))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		fail(w, http.StatusRequestEntityTooLarge, "Covers are at most 1 MiB")
		return
	case err != nil:
		fail(w, http.StatusBadRequest, "the upload was cut short")
		return
	}
	mime := http.DetectContentType(data)
	if !coverTypes[mime] || !decodes(mime, data) {
		fail(w, http.StatusUnsupportedMediaType, "Covers are PNG, JPEG, GIF or WebP images")
		return
	}
	now := stamp(time.Now())
	if _, err := a.db.exec(r.Context(), `DELETE FROM covers WHERE user_id = ? AND book_id = ?`, u.ID, b.ID); err != nil {
		internal(w, err)
		return
	}
	if _, err := a.db.exec(r.Context(), `INSERT INTO covers (user_id, book_id, mime, data, uploaded_at) VALUES (?, ?, ?, ?, ?)`,
		u.ID, b.ID, mime, data, now); err != nil {
		internal(w, err)
		return
	}
	b.CoverURL = coverURL(b.ID, u.Name, now)
	send(w, http.StatusOK, b)
}

// userCover answers the cover a user uploaded for a book.
func (a *App) userCover(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var mime string
	var data []byte
	if err == nil {
		err = a.db.row(r.Context(), `SELECT c.mime, c.data FROM covers c JOIN users u ON u.id = c.user_id
			WHERE u.name = ? AND c.book_id = ?`, r.PathValue("name"), id).Scan(&mime, &data)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) && id != 0 {
		internal(w, err)
		return
	}
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mime)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}
