package backend

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testfail"
	"github.com/e2e-dev/e2e/steps"
)

func TestProbeIsReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	w, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = w.Exec(`CREATE TABLE users(id INTEGER PRIMARY KEY, username TEXT, email TEXT, password_hash TEXT, display_name TEXT, created_at TEXT);
		INSERT INTO users VALUES (1, 'ann', 'ann@example.test', '$2a$10$x', 'Ann', '2026-01-01T00:00:00Z');
		CREATE TABLE sessions(id TEXT PRIMARY KEY, user_id INTEGER, csrf_token TEXT, created_at TEXT, expires_at TEXT);
		INSERT INTO sessions VALUES ('sess-ann-1', 1, 'csrf-1', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')`)
	require.NoError(t, err)
	require.NoError(t, w.Close())

	db, err := OpenDB("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	steps := steps.NewStepLog()
	var secrets []string
	ft := &testfail.T{}
	p := db.Probe(context.Background(), ft, steps, func(s string) { secrets = append(secrets, s) })

	var hashes []string
	var rows []map[string]any
	require.Empty(t, ft.Run(func() {
		p.Query(`users row of "ann"`, func(r *sql.Rows) error {
			var h string
			if err := r.Scan(&h); err != nil {
				return err
			}
			p.Secret(h)
			hashes = append(hashes, h)
			return nil
		}, "SELECT password_hash FROM users WHERE username = ?", "ann")
		rows = p.Rows("SELECT username FROM users WHERE id = ?", 1)
	}))
	require.Equal(t, []string{"$2a$10$x"}, hashes)
	require.Equal(t, []string{"$2a$10$x"}, secrets, "the credentials read are told to secret")
	require.Equal(t, []map[string]any{{"username": "ann"}}, rows)

	require.NotEmpty(t, ft.Run(func() { p.Rows("DELETE FROM users") }), "the probe cannot write")
	n, err := db.Count(context.Background(), "users")
	require.NoError(t, err)
	require.Equal(t, 1, n)

	names := []string{}
	for _, s := range steps.Steps() {
		names = append(names, s.Name+" "+s.Result())
	}
	require.Equal(t, []string{`db: users row of "ann" ok`, "db: SELECT username FROM users WHERE id = ? ok", "db: DELETE FROM users FAIL"}, names)
}

// TestProbeWithoutDatabase: with no backend.db.dsn a flow's probe answers every query with
// one line saying what to set, recorded as a failed step.
func TestProbeWithoutDatabase(t *testing.T) {
	steps := steps.NewStepLog()
	ft := &testfail.T{}
	p := (*DB)(nil).Probe(context.Background(), ft, steps, nil)
	require.Equal(t, "this flow reads the database, but backend.db.dsn is not set: set it (--db-dsn, E2E_BACKEND_DB_DSN) to the app's database",
		ft.Run(func() { p.Rows("SELECT 1") }))
	require.Equal(t, "db: SELECT 1 FAIL", steps.Steps()[0].Name+" "+steps.Steps()[0].Result())
}
