package shop

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

func TestSignupStoresOnlyBcryptHash(t *testing.T) {
	ts := newTestShop(t)
	c := ts.client(t)
	c.signup("alice", "alice@example.com", "correct horse")

	var hash, display, created string
	require.NoError(t, ts.db.QueryRow(
		`SELECT password_hash, display_name, created_at FROM users WHERE username = 'alice'`).
		Scan(&hash, &display, &created))
	assert.NotContains(t, hash, "correct horse")
	assert.True(t, strings.HasPrefix(hash, "$2a$04$"), "bcrypt hash with the configured cost, got %q", hash)
	assert.NoError(t, bcrypt.CompareHashAndPassword([]byte(hash), []byte("correct horse")))
	assert.Equal(t, "alice", display, "display name defaults to the username")
	at, err := time.Parse(time.RFC3339Nano, created)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), at, time.Minute)
	assert.True(t, strings.HasSuffix(created, "Z"), "UTC: %s", created)

	// The flash is shown once on the next page.
	r := c.get("/login")
	assert.Contains(t, r.Body, `data-testid="flash">Account created. Please sign in.</p>`)
	assert.NotContains(t, c.get("/login").Body, `data-testid="flash"`)
}

func TestSignupValidation(t *testing.T) {
	ts := newTestShop(t)
	ts.client(t).signup("taken", "taken@example.com", "password1")

	cases := []struct {
		name   string
		form   url.Values
		fields []string
	}{
		{"all empty", url.Values{}, []string{"username", "email", "password"}},
		{"short username", url.Values{"username": {"ab"}, "email": {"a@b.c"}, "password": {"password1"}, "password_confirm": {"password1"}}, []string{"username"}},
		{"upper case", url.Values{"username": {"Alice"}, "email": {"a@b.c"}, "password": {"password1"}, "password_confirm": {"password1"}}, []string{"username"}},
		{"long username", url.Values{"username": {strings.Repeat("a", 33)}, "email": {"a@b.c"}, "password": {"password1"}, "password_confirm": {"password1"}}, []string{"username"}},
		{"bad email", url.Values{"username": {"bob"}, "email": {"bob.example.com"}, "password": {"password1"}, "password_confirm": {"password1"}}, []string{"email"}},
		{"short password", url.Values{"username": {"bob"}, "email": {"bob@example.com"}, "password": {"short"}, "password_confirm": {"short"}}, []string{"password"}},
		{"mismatch", url.Values{"username": {"bob"}, "email": {"bob@example.com"}, "password": {"password1"}, "password_confirm": {"password2"}}, []string{"password_confirm"}},
		{"duplicate username", url.Values{"username": {"taken"}, "email": {"new@example.com"}, "password": {"password1"}, "password_confirm": {"password1"}}, []string{"username"}},
		{"duplicate email", url.Values{"username": {"newbie"}, "email": {"TAKEN@example.com"}, "password": {"password1"}, "password_confirm": {"password1"}}, []string{"email"}},
	}
	all := []string{"username", "email", "password", "password_confirm"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ts.client(t)
			c.get("/signup")
			r := c.post("/signup", tc.form)
			require.Equal(t, http.StatusUnprocessableEntity, r.Status)
			for _, f := range all {
				want := false
				for _, g := range tc.fields {
					want = want || g == f
				}
				assert.Equal(t, want, strings.Contains(r.Body, `data-testid="error-`+f+`"`), "error-%s", f)
			}
			// Values kept, passwords never echoed.
			if u := tc.form.Get("username"); u != "" {
				assert.Contains(t, r.Body, `name="username" type="text" autocomplete="username" value="`+u+`"`)
			}
			if e := tc.form.Get("email"); e != "" {
				assert.Contains(t, r.Body, `value="`+e+`"`)
			}
			if p := tc.form.Get("password"); p != "" {
				assert.NotContains(t, r.Body, p)
			}
		})
	}
	assert.Equal(t, 1, ts.count(t, `SELECT COUNT(*) FROM users`))
}

func TestLoginFailureIsGeneric(t *testing.T) {
	ts := newTestShop(t)
	ts.client(t).signup("alice", "alice@example.com", "password1")

	for _, tc := range []struct{ user, pass string }{{"alice", "wrong-password"}, {"nobody", "password1"}, {"", ""}} {
		c := ts.client(t)
		c.get("/login")
		r := c.post("/login", url.Values{"username": {tc.user}, "password": {tc.pass}})
		require.Equal(t, http.StatusUnauthorized, r.Status, "%s/%s", tc.user, tc.pass)
		assert.Contains(t, r.Body, `data-testid="form-error">Invalid username or password</p>`)
		assert.NotContains(t, r.Body, `data-testid="error-`)
		assert.Empty(t, c.cookie(sessionCookie))
	}
	assert.Equal(t, 0, ts.count(t, `SELECT COUNT(*) FROM sessions`))
}

func TestLoginSessionCookie(t *testing.T) {
	ts := newTestShop(t)
	c := ts.client(t)
	c.signup("alice", "alice@example.com", "password1")
	c.get("/login")
	r := c.post("/login", url.Values{"username": {"alice"}, "password": {"password1"}})
	require.Equal(t, http.StatusSeeOther, r.Status)
	assert.Equal(t, "/", r.Location())

	var ck *http.Cookie
	for _, k := range (&http.Response{Header: r.Header}).Cookies() {
		if k.Name == sessionCookie {
			ck = k
		}
	}
	require.NotNil(t, ck)
	assert.Len(t, ck.Value, 64, "256-bit hex id")
	assert.True(t, ck.HttpOnly)
	assert.Equal(t, http.SameSiteLaxMode, ck.SameSite)
	assert.Equal(t, "/", ck.Path)
	assert.Equal(t, 1, ts.count(t, `SELECT COUNT(*) FROM sessions WHERE id = ?`, ck.Value))

	page := c.get("/").Body
	assert.Contains(t, page, `data-testid="nav-user">alice</span>`)
	assert.Subset(t, testids(page), []string{"nav-home", "nav-user", "nav-profile", "nav-favourites", "nav-logout"})
	assert.NotContains(t, page, `data-testid="nav-login"`)

	// Signing in again replaces the session (no fixation).
	c.get("/login")
	c.post("/login", url.Values{"username": {"alice"}, "password": {"password1"}})
	assert.NotEqual(t, ck.Value, c.cookie(sessionCookie))
	assert.Equal(t, 0, ts.count(t, `SELECT COUNT(*) FROM sessions WHERE id = ?`, ck.Value))
	assert.Equal(t, 1, ts.count(t, `SELECT COUNT(*) FROM sessions`))
}

func TestNextCannotLeaveTheSite(t *testing.T) {
	ts := newTestShop(t)
	ts.client(t).signup("alice", "alice@example.com", "password1")

	cases := map[string]string{
		"/favourites":              "/favourites",
		"/products/3?x=1":          "/products/3?x=1",
		"":                         "/",
		"//evil.com":               "/",
		"https://evil.com":         "/",
		"/\\evil.com":              "/",
		"\\\\evil.com":             "/",
		"javascript:alert(1)":      "/",
		"/\t/evil.com":             "/",
		"evil.com":                 "/",
		"http:/evil.com":           "/",
		"/ok/../still-local":       "/ok/../still-local",
		"/a/..//evil.com":          "/a/..//evil.com",
		"///evil.com":              "/",
		"/%0d%0aSet-Cookie:x=1":    "/%0d%0aSet-Cookie:x=1",
		"https:\\\\evil.com\\path": "/",
	}
	for next, want := range cases {
		c := ts.client(t)
		c.get("/login?next=" + url.QueryEscape(next))
		r := c.post("/login", url.Values{"username": {"alice"}, "password": {"password1"}, "next": {next}})
		require.Equal(t, http.StatusSeeOther, r.Status, "next=%q", next)
		assert.Equal(t, want, r.Location(), "next=%q", next)
	}
}

func TestLoginFormKeepsNext(t *testing.T) {
	ts := newTestShop(t)
	c := ts.client(t)
	c.signup("alice", "alice@example.com", "password1")

	r := c.get("/favourites")
	require.Equal(t, http.StatusSeeOther, r.Status)
	require.Equal(t, "/login?next=/favourites", r.Location())
	page := c.get(r.Location())
	assert.Contains(t, page.Body, `<input type="hidden" name="next" value="/favourites">`)
	r = c.post("/login", url.Values{"username": {"alice"}, "password": {"password1"}, "next": {"/favourites"}})
	require.Equal(t, http.StatusSeeOther, r.Status)
	assert.Equal(t, "/favourites", r.Location())

	// An off-site next is not even put into the form.
	page = c.get("/login?next=//evil.com")
	assert.Contains(t, page.Body, `<input type="hidden" name="next" value="/">`)
}

func TestLoginTakesNextFromTheQueryWhenTheFormHasNone(t *testing.T) {
	ts := newTestShop(t)
	c := ts.client(t)
	c.signup("alice", "alice@example.com", "password1")

	for query, want := range map[string]string{"/favourites": "/favourites", "//evil.com": "/"} {
		c.get("/login")
		r := c.post("/login?next="+url.QueryEscape(query), url.Values{"username": {"alice"}, "password": {"password1"}})
		require.Equal(t, http.StatusSeeOther, r.Status, "next=%q", query)
		assert.Equal(t, want, r.Location(), "next=%q", query)
	}
	// The form's field wins over the query.
	c.get("/login")
	r := c.post("/login?next=/favourites", url.Values{"username": {"alice"}, "password": {"password1"}, "next": {"/profile"}})
	assert.Equal(t, "/profile", r.Location())
}

func TestLogoutDeletesSession(t *testing.T) {
	ts := newTestShop(t)
	c := ts.signedUp(t, "alice")
	old := c.cookie(sessionCookie)
	require.NotEmpty(t, old)
	require.Equal(t, http.StatusOK, c.api(http.MethodGet, "/api/me", "").Status)

	r := c.post("/logout", url.Values{"csrf_token": {c.csrf}})
	require.Equal(t, http.StatusSeeOther, r.Status)
	assert.Equal(t, "/", r.Location())
	assert.Equal(t, 0, ts.count(t, `SELECT COUNT(*) FROM sessions WHERE id = ?`, old))
	page := c.get("/").Body
	assert.Contains(t, page, `data-testid="flash">Signed out</p>`)
	assert.Contains(t, page, `data-testid="nav-login"`)

	// Replaying the old cookie does not work.
	stale := ts.client(t)
	req, err := http.NewRequest(http.MethodGet, ts.srv.URL+"/api/me", nil)
	require.NoError(t, err)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: old})
	r = stale.do(req)
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.JSONEq(t, `{"error":"not signed in"}`, r.Body)
}

func TestExpiredSessionIsSignedOut(t *testing.T) {
	ts := newTestShop(t)
	c := ts.signedUp(t, "alice")
	require.Equal(t, http.StatusOK, c.api(http.MethodGet, "/api/me", "").Status)
	_, err := ts.db.Exec(`UPDATE sessions SET expires_at = ?`, formatTS(time.Now().Add(-time.Second)))
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, c.api(http.MethodGet, "/api/me", "").Status)
	r := c.get("/profile")
	assert.Equal(t, http.StatusSeeOther, r.Status)
}

func TestProtectedPagesRedirect(t *testing.T) {
	ts := newTestShop(t)
	c := ts.client(t)
	for path, want := range map[string]string{
		"/profile":          "/login?next=/profile",
		"/favourites":       "/login?next=/favourites",
		"/favourites?a=1&b": "/login?next=/favourites%3Fa%3D1%26b",
	} {
		r := c.get(path)
		require.Equal(t, http.StatusSeeOther, r.Status, path)
		assert.Equal(t, want, r.Location(), path)
		u, err := url.Parse(r.Location())
		require.NoError(t, err)
		assert.Equal(t, path, u.Query().Get("next"))
	}
	r := c.post("/profile", url.Values{"display_name": {"x"}})
	assert.Equal(t, http.StatusSeeOther, r.Status)
	assert.Equal(t, "/login?next=/profile", r.Location())
}

func TestConcurrentSignups(t *testing.T) {
	ts := newTestShop(t)
	const n = 24
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := ts.client(t)
			name := fmt.Sprintf("user-%02d", i)
			c.get("/signup")
			r := c.post("/signup", url.Values{
				"username": {name}, "email": {name + "@example.com"},
				"password": {"password1"}, "password_confirm": {"password1"},
			})
			if r.Status != http.StatusSeeOther {
				errs <- fmt.Errorf("%s: status %d: %s", name, r.Status, r.Body)
				return
			}
			c.get("/login")
			if r := c.post("/login", url.Values{"username": {name}, "password": {"password1"}}); r.Status != http.StatusSeeOther {
				errs <- fmt.Errorf("%s: login status %d", name, r.Status)
				return
			}
			c.get("/")
			if r := c.api(http.MethodPut, "/api/favourites/1", c.csrf); r.Status != http.StatusNoContent {
				errs <- fmt.Errorf("%s: favourite status %d: %s", name, r.Status, r.Body)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, n, ts.count(t, `SELECT COUNT(*) FROM users`))
	assert.Equal(t, n, ts.count(t, `SELECT COUNT(*) FROM sessions`))
	assert.Equal(t, n, ts.count(t, `SELECT COUNT(*) FROM favourites WHERE product_id = 1`))
}
