package bookshelf_test

import (
	"bytes"
	"encoding/csv"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/bookshelf"
)

// raw sends body as it is, with Content-Type ctype, and returns the status, the headers and
// the answer's bytes.
func (c *client) raw(method, path string, body []byte, ctype string) (int, http.Header, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path, bytes.NewReader(body))
	require.NoError(c.t, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	return res.StatusCode, res.Header, b
}

// pngImage is a w×h PNG.
func pngImage(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	return buf.Bytes()
}

// testFeatures checks the calls added for issue 33: the book page, the CSV export, covers and
// shares.
func testFeatures(t *testing.T, srv *bookshelf.Server) {
	anon := &client{t: t, url: srv.URL}

	t.Run("a book, with the reader's shelf state", func(t *testing.T) {
		anon.t = t
		st, res := anon.do("GET", "/api/books/3", nil)
		require.Equal(t, http.StatusOK, st)
		assert.Equal(t, "Middlemarch", res["title"])
		assert.Equal(t, "/covers/3.svg", res["cover_url"])
		assert.Equal(t, false, res["on_shelf"])
		for _, bad := range []string{"999", "x", "0"} {
			st, res = anon.do("GET", "/api/books/"+bad, nil)
			assert.Equal(t, http.StatusNotFound, st, bad)
			assert.Equal(t, "No book "+bad, res["error"])
		}
		c := signedIn(t, srv.URL, "dora")
		c.do("PUT", "/api/shelf/3", nil)
		_, res = c.do("GET", "/api/books/3", nil)
		assert.Equal(t, true, res["on_shelf"])
	})

	t.Run("export the shelf as CSV", func(t *testing.T) {
		c := signedIn(t, srv.URL, "erin")
		st, _, _ := anon.raw("GET", "/api/shelf.csv", nil, "")
		assert.Equal(t, http.StatusUnauthorized, st)
		st, _, body := c.raw("GET", "/api/shelf.csv", nil, "")
		require.Equal(t, http.StatusOK, st)
		assert.Equal(t, "title,author,year\n", string(body), "an empty shelf: the header alone")
		c.do("PUT", "/api/shelf/4", nil)
		c.do("PUT", "/api/shelf/15", nil) // The Count of Monte Cristo, newest
		st, h, body := c.raw("GET", "/api/shelf.csv", nil, "")
		require.Equal(t, http.StatusOK, st)
		assert.Equal(t, "text/csv; charset=utf-8", h.Get("Content-Type"))
		assert.Equal(t, `attachment; filename="shelf-erin.csv"`, h.Get("Content-Disposition"))
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		require.NoError(t, err)
		assert.Equal(t, [][]string{{"title", "author", "year"}, {"The Count of Monte Cristo", "Alexandre Dumas", "1844"},
			{"War and Peace", "Leo Tolstoy", "1869"}}, rows)
	})

	t.Run("upload a cover", func(t *testing.T) {
		c := signedIn(t, srv.URL, "finn")
		img := pngImage(t, 30, 45)
		st, _, body := c.raw("PUT", "/api/shelf/5/cover", img, "image/png")
		assert.Equal(t, http.StatusNotFound, st)
		assert.Contains(t, string(body), "That book is not on your shelf")
		c.do("PUT", "/api/shelf/5", nil)
		st, _, body = c.raw("PUT", "/api/shelf/5/cover", []byte("\x89PNG\r\n\x1a\nbut not really an image"), "image/png")
		assert.Equal(t, http.StatusUnsupportedMediaType, st, "the bytes are sniffed: %s", body)
		st, _, body = c.raw("PUT", "/api/shelf/5/cover", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/svg+xml")
		assert.Equal(t, http.StatusUnsupportedMediaType, st)
		assert.Contains(t, string(body), "Covers are PNG, JPEG, GIF or WebP images")
		st, _, body = c.raw("PUT", "/api/shelf/5/cover", append(pngImage(t, 2, 2), make([]byte, bookshelf.MaxCover)...), "image/png")
		assert.Equal(t, http.StatusRequestEntityTooLarge, st)
		assert.Contains(t, string(body), "Covers are at most 1 MiB")

		st, _, body = c.raw("PUT", "/api/shelf/5/cover", img, "application/octet-stream")
		require.Equal(t, http.StatusOK, st, "%s", body)
		assert.Regexp(t, `"cover_url":"/covers/finn/5\?v=\d+"`, string(body))
		_, res := c.do("GET", "/api/users/finn", nil)
		url := res["books"].([]any)[0].(map[string]any)["cover_url"].(string)
		assert.True(t, strings.HasPrefix(url, "/covers/finn/5?v="), url)
		st, h, got := anon.raw("GET", url, nil, "")
		require.Equal(t, http.StatusOK, st)
		assert.Equal(t, "image/png", h.Get("Content-Type"))
		assert.Equal(t, img, got)
		st, _, _ = anon.raw("GET", "/covers/finn/6", nil, "")
		assert.Equal(t, http.StatusNotFound, st)

		_, res = signedIn(t, srv.URL, "gwen").do("GET", "/api/books/5", nil)
		assert.Equal(t, "/covers/5.svg", res["cover_url"], "another reader sees the catalogue's cover")
		st, _, _ = c.raw("PUT", "/api/shelf/5/cover", pngImage(t, 8, 8), "image/png")
		require.Equal(t, http.StatusOK, st, "a new upload replaces the old")
		_, _, got = anon.raw("GET", "/covers/finn/5", nil, "")
		assert.Equal(t, pngImage(t, 8, 8), got)
	})

	t.Run("share my shelf with a friend", func(t *testing.T) {
		owner, friend, other := signedIn(t, srv.URL, "hana"), signedIn(t, srv.URL, "ivan"), signedIn(t, srv.URL, "jude")
		owner.do("PUT", "/api/shelf/7", nil)
		st, res := friend.do("GET", "/api/shared/hana", nil)
		assert.Equal(t, http.StatusForbidden, st)
		assert.Equal(t, "hana has not shared their shelf with you", res["error"])

		st, res = owner.do("POST", "/api/shares", map[string]string{"name": "nobody"})
		assert.Equal(t, http.StatusNotFound, st)
		assert.Equal(t, "No user nobody", res["error"])
		st, res = owner.do("POST", "/api/shares", map[string]string{"name": "hana"})
		assert.Equal(t, http.StatusUnprocessableEntity, st)
		assert.Equal(t, "You cannot share your shelf with yourself", res["error"])
		st, res = owner.do("POST", "/api/shares", map[string]string{"name": "@ivan"})
		require.Equal(t, http.StatusCreated, st)
		assert.Equal(t, "ivan", res["friend"].(map[string]any)["name"])
		st, _ = owner.do("POST", "/api/shares", map[string]string{"name": "ivan"})
		assert.Equal(t, http.StatusOK, st, "sharing again changes nothing")

		_, res = friend.do("GET", "/api/shared", nil)
		require.Len(t, res["items"], 1)
		assert.Equal(t, "hana", res["items"].([]any)[0].(map[string]any)["name"])
		_, res = other.do("GET", "/api/shared", nil)
		assert.Empty(t, res["items"])
		st, _ = other.do("GET", "/api/shared/hana", nil)
		assert.Equal(t, http.StatusForbidden, st, "not shared with jude")

		owner.do("PUT", "/api/shelf/8", nil)
		st, res = friend.do("GET", "/api/shared/hana", nil)
		require.Equal(t, http.StatusOK, st)
		books := res["books"].([]any)
		require.Len(t, books, 2)
		assert.Equal(t, "The Brothers Karamazov", books[0].(map[string]any)["title"], "the friend sees the latest book first")

		st, _ = owner.do("DELETE", "/api/shares/ivan", nil)
		assert.Equal(t, http.StatusNoContent, st)
		st, _ = friend.do("GET", "/api/shared/hana", nil)
		assert.Equal(t, http.StatusForbidden, st, "after unsharing")
		st, _ = anon.do("GET", "/api/shared", nil)
		assert.Equal(t, http.StatusUnauthorized, st)
	})
}
