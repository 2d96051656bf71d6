package shop

import (
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// testShop is a shop on an httptest server with a real SQLite file.
type testShop struct {
	*Shop
	srv *httptest.Server
}

// newTestShop starts a shop with a database in t.TempDir().
func newTestShop(t *testing.T, faults ...Fault) *testShop {
	t.Helper()
	s, err := New(Options{DBPath: filepath.Join(t.TempDir(), "shop.db"), BcryptCost: 4, Faults: faults})
	require.NoError(t, err)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		srv.Close()
		require.NoError(t, s.Close())
	})
	return &testShop{Shop: s, srv: srv}
}

// count returns the result of a COUNT(*) query.
func (ts *testShop) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, ts.db.QueryRow(query, args...).Scan(&n))
	return n
}

// client is a browser-like client: a cookie jar, no redirect following, and
// the CSRF token of the last page it saw.
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string // from the last page's <meta name="csrf-token">
	form string // from the last page's hidden csrf_token field
}

// response is a read response.
type response struct {
	Status int
	Header http.Header
	Body   string
}

// Location returns the redirect target.
func (r response) Location() string { return r.Header.Get("Location") }

// JSON decodes the body into v.
func (r response) JSON(t *testing.T, v any) {
	t.Helper()
	require.Equal(t, "application/json", r.Header.Get("Content-Type"), "body: %s", r.Body)
	require.NoError(t, json.Unmarshal([]byte(r.Body), v), "body: %s", r.Body)
}

func (ts *testShop) client(t *testing.T) *client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &client{t: t, base: ts.srv.URL, hc: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

var (
	metaCSRF  = regexp.MustCompile(`<meta name="csrf-token" content="([^"]*)">`)
	fieldCSRF = regexp.MustCompile(`name="csrf_token" value="([^"]*)"`)
)

// do sends a request and reads the answer, remembering CSRF tokens of pages.
func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.hc.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	r := response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
	if m := metaCSRF.FindStringSubmatch(r.Body); m != nil {
		c.csrf = m[1]
	}
	// The page's own form comes after the nav's logout form: take the last field.
	if ms := fieldCSRF.FindAllStringSubmatch(r.Body, -1); ms != nil {
		c.form = ms[len(ms)-1][1]
	}
	return r
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	require.NoError(c.t, err)
	return c.do(req)
}

// post posts a form; the last page's form token is added unless vals has one.
func (c *client) post(path string, vals url.Values) response {
	c.t.Helper()
	if vals == nil {
		vals = url.Values{}
	}
	if _, ok := vals["csrf_token"]; !ok {
		vals.Set("csrf_token", c.form)
	}
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(vals.Encode()))
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// api calls the JSON API with the given CSRF header ("" = none).
func (c *client) api(method, path, token string) response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, nil)
	require.NoError(c.t, err)
	if token != "" {
		req.Header.Set("X-CSRF-Token", token)
	}
	return c.do(req)
}

// signup creates an account through the form and checks the redirect.
func (c *client) signup(username, email, password string) {
	c.t.Helper()
	c.get("/signup")
	r := c.post("/signup", url.Values{
		"username": {username}, "email": {email}, "password": {password}, "password_confirm": {password},
	})
	require.Equal(c.t, http.StatusSeeOther, r.Status, r.Body)
	require.Equal(c.t, "/login", r.Location())
}

// login signs in through the form, then loads / to pick up the session's token.
func (c *client) login(username, password string) {
	c.t.Helper()
	c.get("/login")
	r := c.post("/login", url.Values{"username": {username}, "password": {password}})
	require.Equal(c.t, http.StatusSeeOther, r.Status, r.Body)
	c.get("/")
}

// signedUp returns a client signed in as a fresh user.
func (ts *testShop) signedUp(t *testing.T, username string) *client {
	t.Helper()
	c := ts.client(t)
	c.signup(username, username+"@example.com", "password-"+username)
	c.login(username, "password-"+username)
	return c
}

// cookie returns the named cookie the client holds for the shop, or "".
func (c *client) cookie(name string) string {
	u, err := url.Parse(c.base)
	require.NoError(c.t, err)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// openReadOnly opens the shop's database the way an outside probe does.
func openReadOnly(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// testids returns every data-testid value in the body, in order.
func testids(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`data-testid="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}
