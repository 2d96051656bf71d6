package shop

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCSRFFormsRejected(t *testing.T) {
	ts := newTestShop(t)
	signup := url.Values{"username": {"alice"}, "email": {"alice@example.com"}, "password": {"password1"}, "password_confirm": {"password1"}}

	// Signed-out forms: no token, wrong token, token without the cookie.
	c := ts.client(t)
	c.get("/signup")
	require.Len(t, c.cookie(csrfCookie), 64)
	require.Equal(t, c.cookie(csrfCookie), c.form, "double submit: cookie echoed in the field")
	require.Equal(t, c.form, c.csrf, "and in the meta tag")
	for _, tok := range []string{"", strings.Repeat("0", 64), c.form + "x"} {
		v := url.Values{}
		for k, vs := range signup {
			v[k] = vs
		}
		v.Set("csrf_token", tok)
		r := c.post("/signup", v)
		assert.Equal(t, http.StatusForbidden, r.Status, "token %q", tok)
		assert.Contains(t, r.Body, "CSRF")
	}
	fresh := ts.client(t) // never got the cookie
	r := fresh.post("/signup", url.Values{"csrf_token": {c.form}, "username": {"alice"}})
	assert.Equal(t, http.StatusForbidden, r.Status)
	r = fresh.post("/login", url.Values{"csrf_token": {c.form}, "username": {"alice"}, "password": {"password1"}})
	assert.Equal(t, http.StatusForbidden, r.Status)
	assert.Equal(t, 0, ts.count(t, `SELECT COUNT(*) FROM users`))

	// Signed-in forms need the session's token.
	a := ts.signedUp(t, "alice")
	require.Len(t, a.csrf, 64)
	var stored string
	require.NoError(t, ts.db.QueryRow(`SELECT csrf_token FROM sessions`).Scan(&stored))
	require.Equal(t, stored, a.csrf)
	for _, tok := range []string{"", a.cookie(csrfCookie), strings.Repeat("f", 64)} {
		r := a.post("/logout", url.Values{"csrf_token": {tok}})
		assert.Equal(t, http.StatusForbidden, r.Status, "logout with %q", tok)
		r = a.post("/profile", url.Values{"csrf_token": {tok}, "display_name": {"Hacked"}})
		assert.Equal(t, http.StatusForbidden, r.Status, "profile with %q", tok)
	}
	assert.Equal(t, 1, ts.count(t, `SELECT COUNT(*) FROM sessions`))
	assert.Equal(t, 0, ts.count(t, `SELECT COUNT(*) FROM users WHERE display_name = 'Hacked'`))
}

func TestCSRFAPIRejected(t *testing.T) {
	ts := newTestShop(t)
	a := ts.signedUp(t, "alice")
	b := ts.signedUp(t, "bob")
	for _, tok := range []string{"", "nope", b.csrf} {
		for _, m := range []string{http.MethodPut, http.MethodDelete} {
			r := a.api(m, "/api/favourites/1", tok)
			require.Equal(t, http.StatusForbidden, r.Status, "%s with %q", m, tok)
			assert.JSONEq(t, `{"error":"invalid CSRF token"}`, r.Body)
		}
	}
	assert.Equal(t, 0, ts.count(t, `SELECT COUNT(*) FROM favourites`))
	assert.Equal(t, http.StatusNoContent, a.api(http.MethodPut, "/api/favourites/1", a.csrf).Status)
}

func TestFavouritesAreIsolated(t *testing.T) {
	ts := newTestShop(t)
	a := ts.signedUp(t, "alice")
	b := ts.signedUp(t, "bob")
	require.Equal(t, http.StatusNoContent, a.api(http.MethodPut, "/api/favourites/2", a.csrf).Status)

	var items struct{ Items []map[string]any }
	b.api(http.MethodGet, "/api/favourites", "").JSON(t, &items)
	assert.Empty(t, items.Items)
	assert.Contains(t, b.get("/favourites").Body, `data-testid="favourites-empty"`)
	assert.Contains(t, b.get("/products/2").Body, `aria-pressed="false"`)

	// Bob deleting product 2 removes only his (absent) favourite.
	require.Equal(t, http.StatusNoContent, b.api(http.MethodDelete, "/api/favourites/2", b.csrf).Status)
	a.api(http.MethodGet, "/api/favourites", "").JSON(t, &items)
	require.Len(t, items.Items, 1)
	assert.EqualValues(t, 2, items.Items[0]["product_id"])
	assert.Contains(t, a.get("/products/2").Body, `aria-pressed="true"`)
	assert.Equal(t, 1, ts.count(t, `SELECT COUNT(*) FROM favourites`))
}

func TestUserTextIsEscaped(t *testing.T) {
	ts := newTestShop(t)
	a := ts.signedUp(t, "alice")
	evil := `<script>alert("x")</script>`
	r := a.post("/profile", url.Values{"csrf_token": {a.csrf}, "display_name": {evil}})
	require.Equal(t, http.StatusSeeOther, r.Status, r.Body)
	page := a.get("/profile").Body
	assert.NotContains(t, page, evil)
	assert.Contains(t, page, `data-testid="profile-display-name">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</dd>`)
	assert.Equal(t, 1, strings.Count(page, "<script>"), "only the shop's own script")

	// Escaped in kept form values too.
	c := ts.client(t)
	c.get("/signup")
	r = c.post("/signup", url.Values{"username": {`"><b>x`}, "email": {`"><i>@y`}})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.NotContains(t, r.Body, `"><b>x`)
	assert.Contains(t, r.Body, html.EscapeString(`"><b>x`))
}

func TestSecurityHeadersAndCSP(t *testing.T) {
	ts := newTestShop(t)
	for _, path := range []string{"/", "/api/health", "/nope"} {
		r := ts.client(t).get(path)
		assert.Equal(t, "nosniff", r.Header.Get("X-Content-Type-Options"), path)
		assert.Equal(t, "DENY", r.Header.Get("X-Frame-Options"), path)
		assert.Equal(t, "same-origin", r.Header.Get("Referrer-Policy"), path)
		assert.Contains(t, r.Header.Get("Content-Security-Policy"), "default-src 'none'", path)
	}
	// The inline script and style are exactly what the CSP hashes allow.
	r := ts.client(t).get("/products/1")
	csp := r.Header.Get("Content-Security-Policy")
	script := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindStringSubmatch(r.Body)
	require.NotNil(t, script)
	assert.Contains(t, csp, "script-src "+cspHash(script[1]))
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(r.Body)
	require.NotNil(t, style)
	assert.Contains(t, csp, "style-src "+cspHash(style[1]))
	assert.NotContains(t, csp, "unsafe-inline")
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/":               "/",
		"/a/b?c=d#e":      "/a/b?c=d#e",
		"//evil.com":      "/",
		"/\\evil.com":     "/",
		"/a\\b":           "/",
		"https://e.com/":  "/",
		"javascript:x()":  "/",
		"/\n/evil.com":    "/",
		"relative/path":   "/",
		"/caf\u00e9":      "/caf\u00e9",
		"/a b":            "/",
		"\x00/":           "/",
		"/%2F%2Fevil.com": "/%2F%2Fevil.com",
	} {
		assert.Equal(t, want, safeNext(in), "safeNext(%q)", in)
	}
}
