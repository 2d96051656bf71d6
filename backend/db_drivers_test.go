package backend

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/e2e-dev/e2e/internal/testfail"
	"github.com/e2e-dev/e2e/steps"
)

// The same probe checks on every driver, against a real server of the test's own.

func TestProbeOnSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	w, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer w.Close()
	checkProbe(t, DriverSQLite, path, w)
}

func TestProbeOnPostgres(t *testing.T) {
	pg := testenv.StartPostgres(t)
	w, err := sql.Open("pgx", pg.DSN("app"))
	require.NoError(t, err)
	defer w.Close()
	checkProbe(t, DriverPostgres, pg.DSN("app"), w)

	port := testenv.FreePort(t)
	checkOpenErrors(t, DriverPostgres, pg.Password, map[string]string{
		strings.Replace(pg.DSN("app"), pg.Password, "not-"+pg.Password, 1): `: wrong password: fix the password in backend.db.dsn`,
		pg.DSN("nosuchdb"): `: unknown database (database "nosuchdb" does not exist): create it`,
		strings.Replace(pg.DSN("app"), fmt.Sprint(pg.Port), fmt.Sprint(port), 1): `: unreachable (connection refused): start the database`,
		"postgres://postgres:" + pg.Password + "@127.0.0.1:notaport/app":         `backend.db.dsn: malformed postgres DSN`,
	})
}

func TestProbeOnMariaDB(t *testing.T) {
	my := testenv.StartMariaDB(t)
	w, err := sql.Open("mysql", my.DSN("app"))
	require.NoError(t, err)
	defer w.Close()
	checkProbe(t, DriverMySQL, my.DSN("app"), w)
	// The URL form reaches the same database.
	url := fmt.Sprintf("mysql://%s:%s@127.0.0.1:%d/app", my.User, my.Password, my.Port)
	db, err := OpenDB(DriverMySQL, url)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	port := testenv.FreePort(t)
	checkOpenErrors(t, DriverMySQL, my.Password, map[string]string{
		strings.Replace(my.DSN("app"), my.Password, "not-"+my.Password, 1): `: wrong password (access denied): fix the user or password`,
		my.DSN("nosuchdb"): `: unknown database (Unknown database 'nosuchdb'): create it`,
		strings.Replace(my.DSN("app"), fmt.Sprint(my.Port), fmt.Sprint(port), 1): `: unreachable (connection refused): start the database`,
		my.User + ":" + my.Password + "@tcp(127.0.0.1:1/app":                     `backend.db.dsn: malformed mysql DSN`,
	})
}

func TestOpenDBErrors(t *testing.T) {
	_, err := OpenDB("oracle", "x")
	require.EqualError(t, err, `backend.db.driver "oracle": unknown driver: use one of sqlite, postgres, mysql`)
	_, err = OpenDB(DriverSQLite, "")
	require.ErrorContains(t, err, "backend.db.dsn is empty")
	_, err = OpenDB(DriverSQLite, filepath.Join(t.TempDir(), "missing.db"))
	require.ErrorContains(t, err, "open sqlite database")
}

// checkOpenErrors opens each DSN and requires one line ending in its fix, without password.
func checkOpenErrors(t *testing.T, driver, password string, want map[string]string) {
	t.Helper()
	for dsn, msg := range want {
		_, err := OpenDB(driver, dsn)
		require.Error(t, err, dsn)
		require.Contains(t, err.Error(), msg, dsn)
		require.NotContains(t, err.Error(), password, "the password is masked")
		require.NotContains(t, err.Error(), "\n", "one line")
	}
}

// checkProbe creates a table through w, a writing connection, and checks the probe on dsn: its
// queries, that it cannot write, and Eventually.
func checkProbe(t *testing.T, driver, dsn string, w *sql.DB) {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{
		`CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, deleted_at VARCHAR(40))`,
		`INSERT INTO items (id, name) VALUES (1, 'mug'), (2, 'pen')`,
	} {
		_, err := w.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	db, err := OpenDB(driver, dsn)
	require.NoError(t, err)
	defer db.Close()
	steps := steps.NewStepLog()
	ft := &testfail.T{}
	p := db.Probe(ctx, ft, steps, nil)

	var rows []map[string]any
	var v any
	var n int
	require.Empty(t, ft.Run(func() {
		rows = p.Rows("SELECT id, name, deleted_at FROM items WHERE id = ?", 1)
		v = p.Value("SELECT name FROM items WHERE id = ?", 2)
	}))
	require.Equal(t, []map[string]any{{"id": int64(1), "name": "mug", "deleted_at": nil}}, rows)
	require.Equal(t, "pen", v)
	require.Equal(t, "db: value: the query returned no row", ft.Run(func() { p.Value("SELECT name FROM items WHERE id = ?", 3) }))
	require.Empty(t, ft.Run(func() { n = p.Count("SELECT id FROM items WHERE deleted_at IS NULL") }))
	require.Equal(t, 2, n)

	// The tester makes the probe read-only, whatever the account may do.
	for _, q := range []string{"UPDATE items SET name = 'hacked' WHERE id = 1", "DELETE FROM items"} {
		require.NotEmpty(t, ft.Run(func() { p.Rows(q) }), "the probe cannot write: %s", q)
	}
	var name string
	require.NoError(t, w.QueryRowContext(ctx, "SELECT name FROM items WHERE id = 1").Scan(&name))
	require.Equal(t, "mug", name, "the row is unchanged")

	// Eventually sees an asynchronous soft delete: the app writes after the first query saw
	// nothing yet.
	done := make(chan error, 1)
	var once sync.Once
	deleted := func(rows []map[string]any) bool { return len(rows) == 1 && rows[0]["deleted_at"] != nil }
	p.Timeout = 10 * time.Second
	rows, err = p.eventually("SELECT id, deleted_at FROM items WHERE id = ?", []any{2}, func(rows []map[string]any) bool {
		once.Do(func() {
			go func() {
				_, err := w.ExecContext(ctx, "UPDATE items SET deleted_at = '2026-12-04T18:00:00Z' WHERE id = 2")
				done <- err
			}()
		})
		return deleted(rows)
	})
	require.NoError(t, err)
	require.NoError(t, <-done)
	require.Equal(t, []map[string]any{{"id": int64(2), "deleted_at": "2026-12-04T18:00:00Z"}}, rows)
	// ... and fails with the last rows seen.
	p.Timeout = 400 * time.Millisecond
	_, err = p.eventually("SELECT id, deleted_at FROM items WHERE id = ?", []any{1}, deleted)
	require.ErrorContains(t, err, "db: the rows did not match within 400ms (timeouts.action, ")
	require.ErrorContains(t, err, `last rows seen: [{"deleted_at":null,"id":1}]`)
	_, err = p.eventually("SELECT nosuchcolumn FROM items", nil, deleted)
	require.Error(t, err, "a query error fails at once")
	require.NotContains(t, err.Error(), "did not match")

	var names []string
	for _, s := range steps.Steps() {
		names = append(names, s.Result()+" "+s.Name)
	}
	require.Equal(t, []string{
		"ok db: SELECT id, name, deleted_at FROM items WHERE id = ?",
		"ok db: value of SELECT name FROM items WHERE id = ?",
		"FAIL db: value of SELECT name FROM items WHERE id = ?",
		"ok db: count of SELECT id FROM items WHERE deleted_at IS NULL",
		"FAIL db: UPDATE items SET name = 'hacked' WHERE id = 1",
		"FAIL db: DELETE FROM items",
		"ok db: eventually SELECT id, deleted_at FROM items WHERE id = ?",
		"FAIL db: eventually SELECT id, deleted_at FROM items WHERE id = ?",
		"FAIL db: eventually SELECT nosuchcolumn FROM items",
	}, names)
}
