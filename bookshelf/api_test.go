package bookshelf_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/bookshelf"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// client calls one app's API as one user.
type client struct {
	t     *testing.T
	url   string
	token string
}

func (c *client) do(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(c.t, err)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.url+path, r)
	require.NoError(c.t, err)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// startApp starts the app on opts and returns its URL, closing it when the test ends.
func startApp(t *testing.T, opts bookshelf.Options) *bookshelf.Server {
	t.Helper()
	srv, err := bookshelf.Start(opts, "")
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, srv.Close()) })
	return srv
}

// signedIn registers name and logs in.
func signedIn(t *testing.T, url, name string) *client {
	c := &client{t: t, url: url}
	st, _ := c.do("POST", "/api/users", map[string]string{"name": name, "password": "secret-pw"})
	require.Equal(t, http.StatusCreated, st)
	st, res := c.do("POST", "/api/login", map[string]string{"name": name, "password": "secret-pw"})
	require.Equal(t, http.StatusOK, st)
	c.token = res["token"].(string)
	return c
}

func TestAPIOnSQLite(t *testing.T) { testAPI(t, bookshelf.Options{CountDelay: 50 * time.Millisecond}) }

func TestAPIOnPostgres(t *testing.T) {
	testAPI(t, bookshelf.Options{DSN: testenv.StartPostgres(t).DSN("app"), CountDelay: 50 * time.Millisecond})
}

func testAPI(t *testing.T, opts bookshelf.Options) {
	srv := startApp(t, opts)
	anon := &client{t: t, url: srv.URL}

	t.Run("signup checks names and passwords", func(t *testing.T) {
		anon.t = t
		for _, bad := range []string{"no spaces", "dash-ed", "ab", "ünï"} {
			st, res := anon.do("POST", "/api/users", map[string]string{"name": bad, "password": "long-enough"})
			assert.Equal(t, http.StatusUnprocessableEntity, st, bad)
			assert.Equal(t, "Names are 3 to 30 letters and digits", res["error"])
		}
		st, _ := anon.do("POST", "/api/users", map[string]string{"name": "short", "password": "1234567"})
		assert.Equal(t, http.StatusUnprocessableEntity, st)
		signedIn(t, srv.URL, "Taken1")
		st, res := anon.do("POST", "/api/users", map[string]string{"name": "taken1", "password": "long-enough"})
		assert.Equal(t, http.StatusConflict, st)
		assert.Equal(t, "That name is taken", res["error"])
	})

	t.Run("login, token and logout", func(t *testing.T) {
		anon.t = t
		st, res := anon.do("POST", "/api/login", map[string]string{"name": "nobody", "password": "whatever1"})
		assert.Equal(t, http.StatusUnauthorized, st)
		assert.Equal(t, "Wrong name or password", res["error"])
		st, _ = anon.do("GET", "/api/me", nil)
		assert.Equal(t, http.StatusUnauthorized, st)
		c := signedIn(t, srv.URL, "alice")
		st, res = c.do("GET", "/api/me", nil)
		require.Equal(t, http.StatusOK, st)
		assert.Equal(t, "alice", res["name"])
		st, res = c.do("PATCH", "/api/me", map[string]string{"display_name": "Alice A."})
		require.Equal(t, http.StatusOK, st)
		assert.Equal(t, "Alice A.", res["display_name"])
		st, _ = c.do("POST", "/api/logout", nil)
		assert.Equal(t, http.StatusNoContent, st)
		st, _ = c.do("GET", "/api/me", nil)
		assert.Equal(t, http.StatusUnauthorized, st, "the token is dead after logout")
	})

	t.Run("shelf: soft deletes and an asynchronous count", func(t *testing.T) {
		c := signedIn(t, srv.URL, "bob")
		st, res := c.do("GET", "/api/books?page=2", nil)
		require.Equal(t, http.StatusOK, st)
		assert.EqualValues(t, 5, res["pages"])
		items := res["items"].([]any)
		require.Len(t, items, bookshelf.PageSize)
		id := int(items[0].(map[string]any)["id"].(float64))
		assert.Equal(t, 11, id)

		st, res = c.do("PUT", "/api/shelf/11", nil)
		require.Equal(t, http.StatusOK, st)
		assert.Equal(t, true, res["on_shelf"])
		c.do("PUT", "/api/shelf/11", nil) // idempotent
		st, res = c.do("GET", "/api/users/bob", nil)
		require.Equal(t, http.StatusOK, st)
		assert.Len(t, res["books"], 1)
		assert.Eventually(t, func() bool { _, me := c.do("GET", "/api/me", nil); return me["shelf_count"] == 1.0 },
			5*time.Second, 20*time.Millisecond, "shelf_count after adding")

		st, _ = c.do("DELETE", "/api/shelf/11", nil)
		require.Equal(t, http.StatusOK, st)
		_, res = c.do("GET", "/api/shelf", nil)
		assert.Empty(t, res["items"])
		assert.Eventually(t, func() bool { _, me := c.do("GET", "/api/me", nil); return me["shelf_count"] == 0.0 },
			5*time.Second, 20*time.Millisecond, "shelf_count after removing")

		driver, dsn := srv.App().DB()
		db, err := sql.Open(map[string]string{"sqlite": "sqlite", "postgres": "pgx"}[driver], dsn)
		require.NoError(t, err)
		defer db.Close()
		var n, removed int
		require.NoError(t, db.QueryRow(`SELECT COUNT(*), COUNT(removed_at) FROM shelf`).Scan(&n, &removed))
		assert.Equal(t, 1, n, "shelf rows: the removal is a soft delete")
		assert.Equal(t, 1, removed, "shelf rows with removed_at")

		st, _ = c.do("PUT", "/api/shelf/9999", nil)
		assert.Equal(t, http.StatusNotFound, st)
	})
	testFeatures(t, srv)
}

func TestLoseShelfWrites(t *testing.T) {
	srv := startApp(t, bookshelf.Options{LoseShelfWrites: true})
	c := signedIn(t, srv.URL, "carol")
	st, res := c.do("PUT", "/api/shelf/3", nil)
	require.Equal(t, http.StatusOK, st)
	assert.Equal(t, true, res["on_shelf"], "the broken app still says on shelf")
	_, res = c.do("GET", "/api/shelf", nil)
	assert.Empty(t, res["items"], "and saves nothing")
}

func TestStaticAppHasNoTestIDs(t *testing.T) {
	srv := startApp(t, bookshelf.Options{})
	for _, path := range []string{"/", "/js/app.js", "/js/views.js", "/js/api.js", "/js/shelf.js", "/style.css", "/covers/1.svg"} {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode, path)
		assert.NotContains(t, string(body), "testid", path)
		assert.Empty(t, res.Cookies(), "%s sets no cookie", path)
	}
	files, err := filepath.Glob("static/js/*.js")
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.False(t, strings.Contains(string(b), "document.cookie"), "%s uses no cookie", f)
	}
}
