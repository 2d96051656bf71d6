package shop

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStartAndCloseReleasesHang(t *testing.T) {
	srv, err := Start(Options{BcryptCost: 4, Faults: []Fault{{Path: "/api/health", Hang: true}}}, "")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(srv.URL, "http://127.0.0.1:"), srv.URL)
	dbPath := srv.Shop().DBPath()
	require.FileExists(t, dbPath)

	res, err := http.Get(srv.URL + "/api/products")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)

	done := make(chan error, 1)
	go func() {
		res, err := http.Get(srv.URL + "/api/health")
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("hung request answered early: %v", err)
	case <-time.After(100 * time.Millisecond):
	}

	start := time.Now()
	require.NoError(t, srv.Close())
	assert.Less(t, time.Since(start), 2*time.Second, "Close does not wait for the shutdown timeout")
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("hung request not released by Close")
	}
	_, err = os.Stat(filepath.Dir(dbPath))
	assert.True(t, os.IsNotExist(err), "temporary database removed")
	require.NoError(t, srv.Close(), "Close twice")
}

func TestStartBadAddr(t *testing.T) {
	_, err := Start(Options{DBPath: filepath.Join(t.TempDir(), "s.db")}, "256.0.0.1:bad")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "listen")
}

func TestNewIsIdempotentAndReadableByProbe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	s1, err := New(Options{DBPath: path, BcryptCost: 4})
	require.NoError(t, err)
	require.Equal(t, path, s1.DBPath())
	ts := &testShop{Shop: s1}
	n := ts.count(t, `SELECT COUNT(*) FROM products`)
	require.GreaterOrEqual(t, n, 12)
	require.NoError(t, s1.Close())

	s2, err := New(Options{DBPath: path, BcryptCost: 4})
	require.NoError(t, err)
	defer s2.Close()
	assert.Equal(t, n, (&testShop{Shop: s2}).count(t, `SELECT COUNT(*) FROM products`))

	var mode string
	require.NoError(t, s2.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode))
	assert.Equal(t, "wal", mode)
	var fk int
	require.NoError(t, s2.db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk))
	assert.Equal(t, 1, fk)

	// A read-only probe sees the shop's writes while it runs.
	_, err = s2.createUser(context.Background(), "probe", "probe@example.com", "$2a$04$x")
	require.NoError(t, err)
	ro := openReadOnly(t, path)
	var user string
	require.NoError(t, ro.QueryRow(`SELECT username FROM users`).Scan(&user))
	assert.Equal(t, "probe", user)
	for _, table := range []string{"users", "sessions", "products", "favourites"} {
		var c int
		require.NoError(t, ro.QueryRow(`SELECT COUNT(*) FROM `+table).Scan(&c), table)
	}
	_, err = ro.Exec(`DELETE FROM users`)
	assert.Error(t, err, "probe is read-only")
}

func TestProductDescriptions(t *testing.T) {
	ts := newTestShop(t)
	rows, err := ts.db.Query(`SELECT name, price_cents, description FROM products`)
	require.NoError(t, err)
	defer rows.Close()
	names := map[string]bool{}
	for rows.Next() {
		var name, desc string
		var price int
		require.NoError(t, rows.Scan(&name, &price, &desc))
		assert.NotEmpty(t, desc, name)
		assert.Positive(t, price, name)
		assert.False(t, names[name], "unique name %s", name)
		names[name] = true
	}
	require.NoError(t, rows.Err())
	assert.GreaterOrEqual(t, len(names), 12)
}

func TestFormatPriceAndTimestamps(t *testing.T) {
	assert.Equal(t, "$12.50", formatPrice(1250))
	assert.Equal(t, "$0.05", formatPrice(5))
	assert.Equal(t, "$100.00", formatPrice(10000))
	a := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	b := a.Add(time.Millisecond)
	assert.Equal(t, "2024-05-01T12:00:00.000000000Z", formatTS(a))
	assert.Less(t, formatTS(a), formatTS(b), "text order is time order")
	got, err := parseTS(formatTS(b.In(time.FixedZone("x", 3600))))
	require.NoError(t, err)
	assert.True(t, got.Equal(b))
	_, err = parseTS("yesterday")
	assert.Error(t, err)
}

func TestDBPathWithOddCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a b?c#d%")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, "shop.db")
	s, err := New(Options{DBPath: path, BcryptCost: 4})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.FileExists(t, path)
}

func TestDiscoveryAnswersLoopbackOnly(t *testing.T) {
	srv, err := Start(Options{}, "")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })

	resp, err := http.Get(srv.URL + DiscoveryPath)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var got map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
	require.Equal(t, map[string]string{"db_driver": "sqlite", "db_dsn": srv.Shop().DBPath()}, got)

	req := httptest.NewRequest(http.MethodGet, DiscoveryPath, nil)
	req.RemoteAddr = "203.0.113.7:40000"
	rec := httptest.NewRecorder()
	srv.Shop().Handler().ServeHTTP(rec, req)
	require.Equal(t, http.StatusNotFound, rec.Code)
	require.NotContains(t, rec.Body.String(), srv.Shop().DBPath())
}
