package backend

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
)

func TestProbeIsReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	w, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = w.Exec(`CREATE TABLE users(id INTEGER PRIMARY KEY, username TEXT, email TEXT, password_hash TEXT, display_name TEXT, created_at TEXT);
		INSERT INTO users VALUES (1, 'ann', 'ann@example.test', '$2a$10$x', 'Ann', '2026-01-01T00:00:00Z')`)
	require.NoError(t, err)
	require.NoError(t, w.Close())

	db, err := OpenDB("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	steps := artifacts.NewStepLog()
	p := db.Probe(steps)

	u, err := p.User(context.Background(), "ann")
	require.NoError(t, err)
	require.Equal(t, &UserRow{ID: 1, Username: "ann", Email: "ann@example.test", PasswordHash: "$2a$10$x", DisplayName: "Ann", CreatedAt: "2026-01-01T00:00:00Z"}, u)
	none, err := p.User(context.Background(), "bob")
	require.NoError(t, err)
	require.Nil(t, none)

	rows, err := p.Rows(context.Background(), "SELECT username FROM users WHERE id = ?", 1)
	require.NoError(t, err)
	require.Equal(t, []map[string]any{{"username": "ann"}}, rows)

	_, err = p.Rows(context.Background(), "DELETE FROM users")
	require.Error(t, err, "the probe cannot write")
	n, err := db.Count(context.Background(), "users")
	require.NoError(t, err)
	require.Equal(t, 1, n)

	names := []string{}
	for _, s := range steps.Steps() {
		names = append(names, s.Name+" "+s.Result())
	}
	require.Equal(t, []string{`db: users row of "ann" ok`, `db: users row of "bob" ok`, "db: SELECT username FROM users WHERE id = ? ok", "db: DELETE FROM users FAIL"}, names)
}

func TestOpenDBErrors(t *testing.T) {
	_, err := OpenDB("postgres", "x")
	require.EqualError(t, err, `backend.db.driver "postgres": only sqlite is supported`)
	_, err = OpenDB("sqlite", "")
	require.ErrorContains(t, err, "backend.db.dsn is empty")
	_, err = OpenDB("sqlite", filepath.Join(t.TempDir(), "missing.db"))
	require.ErrorContains(t, err, "open database")
}
