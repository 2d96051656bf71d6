package shop

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFault(t *testing.T) {
	valid := map[string]Fault{
		"PUT /api/favourites/*=500": {Method: "PUT", Path: "/api/favourites/*", Status: 500},
		"/api/favourites=500":       {Path: "/api/favourites", Status: 500},
		"GET /profile=hang":         {Method: "GET", Path: "/profile", Hang: true},
		" delete /api/*/* = 503 ":   {Method: "DELETE", Path: "/api/*/*", Status: 503},
		"/login=HANG":               {Path: "/login", Hang: true},
	}
	for in, want := range valid {
		got, err := ParseFault(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
		again, err := ParseFault(got.String())
		require.NoError(t, err)
		assert.Equal(t, got, again, "String round-trips")
	}
	invalid := map[string]string{
		"":                 "missing",
		"/api/favourites":  "missing",
		"=500":             "missing path",
		"GET=500":          "must start with",
		"PUT /a /b=500":    "METHOD",
		"/a=abc":           "neither a status code",
		"/a=99":            "outside",
		"/a=600":           "outside",
		"/a[=500":          "syntax error in pattern",
		"G3T /a=500":       "method",
		"PUT api/x=500":    "must start with",
		"/api/favourites=": "neither",
	}
	for in, msg := range invalid {
		_, err := ParseFault(in)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), msg, in)
	}
}

func TestNewRejectsBadFault(t *testing.T) {
	_, err := New(Options{DBPath: t.TempDir() + "/x.db", Faults: []Fault{{Path: "/a", Status: 42}}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "status 42")
}

func TestFaultStatus(t *testing.T) {
	ts := newTestShop(t,
		Fault{Method: "put", Path: "/api/favourites/*", Status: 500},
		Fault{Path: "/profile", Status: 503},
	)
	c := ts.signedUp(t, "alice")

	r := c.api(http.MethodPut, "/api/favourites/1", c.csrf)
	assert.Equal(t, http.StatusInternalServerError, r.Status)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"error":"injected fault"}`, r.Body)
	assert.Equal(t, 0, ts.count(t, `SELECT COUNT(*) FROM favourites`), "never reached the handler")

	// Other methods on the same path are not affected.
	assert.Equal(t, http.StatusNoContent, c.api(http.MethodDelete, "/api/favourites/1", c.csrf).Status)

	r = c.get("/profile")
	assert.Equal(t, http.StatusServiceUnavailable, r.Status)
	assert.Contains(t, r.Header.Get("Content-Type"), "text/html")
	assert.Contains(t, r.Body, "injected fault")
	assert.Equal(t, http.StatusOK, c.get("/favourites").Status)
}

func TestFaultHangUntilClientGoesAway(t *testing.T) {
	ts := newTestShop(t, Fault{Path: "/api/health", Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.srv.URL+"/api/health", nil)
	require.NoError(t, err)
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "the shop never answered, the client gave up: %v", err)
	// The rest of the shop still answers.
	assert.Equal(t, http.StatusOK, ts.client(t).get("/").Status)
}
