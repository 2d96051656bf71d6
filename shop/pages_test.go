package shop

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCatalogAndProductPages(t *testing.T) {
	ts := newTestShop(t)
	c := ts.client(t)
	r := c.get("/")
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "text/html; charset=utf-8", r.Header.Get("Content-Type"))
	assert.GreaterOrEqual(t, strings.Count(r.Body, `data-testid="product-card"`), 12)
	assert.Contains(t, r.Body, `<li class="card" data-testid="product-card" data-product-id="1">`)
	assert.Contains(t, r.Body, `<a href="/products/1" data-testid="product-link"><span data-testid="product-name">Blue Mug</span></a>`)
	assert.Contains(t, r.Body, `data-testid="product-price">$12.50</span>`)
	ids := testids(r.Body)
	assert.Subset(t, ids, []string{"nav-home", "nav-login", "nav-signup"})
	assert.NotContains(t, ids, "nav-logout")
	assert.NotContains(t, ids, "nav-user")

	r = c.get("/products/1")
	require.Equal(t, http.StatusOK, r.Status)
	assert.Contains(t, r.Body, `<h1 data-testid="product-name">Blue Mug</h1>`)
	assert.Contains(t, r.Body, `data-testid="product-price">$12.50</p>`)
	assert.Contains(t, r.Body, `<a href="/login?next=/products/1" data-testid="favourite-signin">Sign in to save favourites</a>`)
	assert.NotContains(t, r.Body, `<button type="button" data-testid="favourite-toggle"`)

	for _, p := range []string{"/products/999", "/products/abc", "/products/0", "/no-such-page"} {
		r = c.get(p)
		assert.Equal(t, http.StatusNotFound, r.Status, p)
		assert.Contains(t, r.Body, `data-testid="error-status">404 Not Found</h1>`, p)
	}

	s := ts.signedUp(t, "alice")
	r = s.get("/products/4")
	assert.Contains(t, r.Body, `<button type="button" data-testid="favourite-toggle" data-product-id="4" aria-pressed="false">Add to favourites</button>`)
	require.Equal(t, http.StatusNoContent, s.api(http.MethodPut, "/api/favourites/4", s.csrf).Status)
	r = s.get("/products/4")
	assert.Contains(t, r.Body, `<button type="button" data-testid="favourite-toggle" data-product-id="4" aria-pressed="true">Remove from favourites</button>`)
	assert.Contains(t, r.Body, `<meta name="csrf-token" content="`+s.csrf+`">`)
}

func TestProfilePage(t *testing.T) {
	ts := newTestShop(t)
	c := ts.signedUp(t, "alice")
	r := c.get("/profile")
	require.Equal(t, http.StatusOK, r.Status)
	assert.Contains(t, r.Body, `data-testid="profile-username">alice</dd>`)
	assert.Contains(t, r.Body, `data-testid="profile-email">alice@example.com</dd>`)
	assert.Contains(t, r.Body, `data-testid="profile-display-name">alice</dd>`)
	assert.Regexp(t, `data-testid="profile-since"><time datetime="[0-9T:-]+Z">\d{4}-\d\d-\d\d</time>`, r.Body)
	assert.Contains(t, r.Body, `name="display_name"`)
	assert.Contains(t, r.Body, `data-testid="profile-save"`)

	for _, bad := range []string{"", "   ", strings.Repeat("x", 65)} {
		r = c.post("/profile", url.Values{"csrf_token": {c.csrf}, "display_name": {bad}})
		require.Equal(t, http.StatusUnprocessableEntity, r.Status)
		assert.Contains(t, r.Body, `data-testid="error-display_name"`)
		assert.Contains(t, r.Body, `data-testid="profile-display-name">alice</dd>`)
	}
	r = c.post("/profile", url.Values{"csrf_token": {c.csrf}, "display_name": {"  Alice Liddell  "}})
	require.Equal(t, http.StatusSeeOther, r.Status)
	assert.Equal(t, "/profile", r.Location())
	r = c.get("/profile")
	assert.Contains(t, r.Body, `data-testid="profile-display-name">Alice Liddell</dd>`)
	assert.Contains(t, r.Body, `data-testid="flash">Profile updated.</p>`)
	r = c.post("/profile", url.Values{"csrf_token": {c.csrf}, "display_name": {strings.Repeat("é", 64)}})
	assert.Equal(t, http.StatusSeeOther, r.Status, "64 characters are fine")
}

func TestFavouritesPage(t *testing.T) {
	ts := newTestShop(t)
	c := ts.signedUp(t, "alice")
	r := c.get("/favourites")
	require.Equal(t, http.StatusOK, r.Status)
	assert.Contains(t, r.Body, `<p data-testid="favourites-empty">No favourites yet.</p>`)
	require.Equal(t, http.StatusNoContent, c.api(http.MethodPut, "/api/favourites/9", c.csrf).Status)
	r = c.get("/favourites")
	assert.Contains(t, r.Body, `<li data-testid="favourite-item" data-product-id="9">`)
	assert.Contains(t, r.Body, `>Headphones</a>`)
	assert.Contains(t, r.Body, `data-testid="favourite-remove"`)
	assert.NotContains(t, r.Body, `favourites-empty">`)
}

func TestScriptBehaviour(t *testing.T) {
	// The script is inlined verbatim and wires what the contract asks for.
	for _, want := range []string{
		`"X-CSRF-Token": csrf`, `credentials: "same-origin"`, `"Add to favourites"`, `"Remove from favourites"`,
		`"Added to favourites"`, `"Removed from favourites"`, `"Could not update favourites ("`, `"HTTP " + status`,
		`"aria-pressed"`, `"favourites-empty"`, `"No favourites yet."`, `data-testid="toast"`,
	} {
		assert.Contains(t, appJS, want)
	}
	ts := newTestShop(t)
	body := ts.client(t).get("/").Body
	m := regexp.MustCompile(`(?s)<script>(.*)</script>`).FindStringSubmatch(body)
	require.NotNil(t, m)
	assert.Equal(t, appJS, m[1])
}

func TestLogoutWithoutSession(t *testing.T) {
	ts := newTestShop(t)
	r := ts.client(t).post("/logout", nil)
	assert.Equal(t, http.StatusSeeOther, r.Status)
	assert.True(t, strings.HasPrefix(r.Location(), "/login"), r.Location())
}
