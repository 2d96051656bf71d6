package shop

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIHealthAndProducts(t *testing.T) {
	ts := newTestShop(t)
	c := ts.client(t)
	r := c.api(http.MethodGet, "/api/health", "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"status":"ok"}`, r.Body)

	var products struct {
		Items []struct {
			ID         int64  `json:"id"`
			Name       string `json:"name"`
			PriceCents int64  `json:"price_cents"`
		} `json:"items"`
	}
	r = c.api(http.MethodGet, "/api/products", "")
	require.Equal(t, http.StatusOK, r.Status)
	r.JSON(t, &products)
	require.GreaterOrEqual(t, len(products.Items), 12)
	for i, p := range products.Items {
		assert.NotEmpty(t, p.Name)
		assert.Positive(t, p.PriceCents)
		if i > 0 {
			assert.Less(t, products.Items[i-1].ID, p.ID, "ordered by id")
		}
	}
	assert.Equal(t, "Blue Mug", products.Items[0].Name)
	assert.EqualValues(t, 1250, products.Items[0].PriceCents)

	r = c.api(http.MethodPost, "/api/products", "")
	assert.Equal(t, http.StatusMethodNotAllowed, r.Status)
	assert.Equal(t, "GET", r.Header.Get("Allow"))
	r = c.api(http.MethodGet, "/api/nope", "")
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.JSONEq(t, `{"error":"not found"}`, r.Body)
}

func TestAPIUnauthenticated(t *testing.T) {
	ts := newTestShop(t)
	c := ts.client(t)
	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, "/api/me"},
		{http.MethodGet, "/api/favourites"},
		{http.MethodPut, "/api/favourites/1"},
		{http.MethodDelete, "/api/favourites/1"},
	} {
		r := c.api(tc.method, tc.path, "whatever")
		assert.Equal(t, http.StatusUnauthorized, r.Status, "%s %s", tc.method, tc.path)
		assert.JSONEq(t, `{"error":"not signed in"}`, r.Body)
	}
}

func TestAPIMe(t *testing.T) {
	ts := newTestShop(t)
	c := ts.signedUp(t, "alice")
	var me map[string]any
	r := c.api(http.MethodGet, "/api/me", "")
	require.Equal(t, http.StatusOK, r.Status)
	r.JSON(t, &me)
	assert.Equal(t, "alice", me["username"])
	assert.Equal(t, "alice@example.com", me["email"])
	assert.Equal(t, "alice", me["display_name"])
	assert.EqualValues(t, 1, me["id"])
	created, err := time.Parse(time.RFC3339, me["created_at"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), created, time.Minute)
	assert.Len(t, me, 5)
}

func TestAPIFavourites(t *testing.T) {
	ts := newTestShop(t)
	c := ts.signedUp(t, "alice")

	assert.Equal(t, http.StatusNoContent, c.api(http.MethodPut, "/api/favourites/3", c.csrf).Status)
	assert.Equal(t, http.StatusNoContent, c.api(http.MethodPut, "/api/favourites/3", c.csrf).Status, "idempotent")
	assert.Equal(t, http.StatusNoContent, c.api(http.MethodPut, "/api/favourites/7", c.csrf).Status)
	assert.Equal(t, http.StatusNoContent, c.api(http.MethodPut, "/api/favourites/5", c.csrf).Status)
	for _, bad := range []string{"999", "0", "abc", "-1"} {
		r := c.api(http.MethodPut, "/api/favourites/"+bad, c.csrf)
		assert.Equal(t, http.StatusNotFound, r.Status, bad)
		assert.JSONEq(t, `{"error":"product not found"}`, r.Body)
	}
	r := c.api(http.MethodPost, "/api/favourites/3", c.csrf)
	assert.Equal(t, http.StatusMethodNotAllowed, r.Status)
	assert.Equal(t, []string{"PUT", "DELETE"}, r.Header.Values("Allow"))

	type item struct {
		ProductID int64  `json:"product_id"`
		Name      string `json:"name"`
		AddedAt   string `json:"added_at"`
	}
	var list struct{ Items []item }
	c.api(http.MethodGet, "/api/favourites", "").JSON(t, &list)
	require.Len(t, list.Items, 3)
	ids := []int64{list.Items[0].ProductID, list.Items[1].ProductID, list.Items[2].ProductID}
	assert.Equal(t, []int64{5, 7, 3}, ids, "newest first")
	assert.Equal(t, "Wool Socks", list.Items[0].Name)
	_, err := time.Parse(time.RFC3339, list.Items[0].AddedAt)
	assert.NoError(t, err)

	// Same page order.
	page := c.get("/favourites").Body
	assert.Regexp(t, `(?s)data-product-id="5".*data-product-id="7".*data-product-id="3"`, page)
	assert.NotContains(t, page, `data-testid="favourites-empty"`)

	for range 2 {
		assert.Equal(t, http.StatusNoContent, c.api(http.MethodDelete, "/api/favourites/7", c.csrf).Status)
	}
	assert.Equal(t, http.StatusNoContent, c.api(http.MethodDelete, "/api/favourites/999", c.csrf).Status)
	c.api(http.MethodGet, "/api/favourites", "").JSON(t, &list)
	require.Len(t, list.Items, 2)
	assert.Equal(t, int64(5), list.Items[0].ProductID)
	assert.Equal(t, int64(3), list.Items[1].ProductID)
}

func TestFavouritesTieBreak(t *testing.T) {
	ts := newTestShop(t)
	c := ts.signedUp(t, "alice")
	// Equal timestamps: the later insert comes first.
	_, err := ts.db.Exec(`INSERT INTO favourites(user_id, product_id, added_at) VALUES (1, 4, ?), (1, 2, ?), (1, 9, ?)`,
		"2024-01-01T00:00:00.000000000Z", "2024-01-01T00:00:00.000000000Z", "2023-01-01T00:00:00.000000000Z")
	require.NoError(t, err)
	var list struct {
		Items []struct {
			ProductID int64  `json:"product_id"`
			AddedAt   string `json:"added_at"`
		}
	}
	c.api(http.MethodGet, "/api/favourites", "").JSON(t, &list)
	require.Len(t, list.Items, 3)
	assert.Equal(t, int64(2), list.Items[0].ProductID)
	assert.Equal(t, int64(4), list.Items[1].ProductID)
	assert.Equal(t, int64(9), list.Items[2].ProductID)
	assert.Equal(t, "2023-01-01T00:00:00Z", list.Items[2].AddedAt)
}
