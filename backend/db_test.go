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
		INSERT INTO users VALUES (1, 'ann', 'ann@example.test', '$2a$10$x', 'Ann', '2026-01-01T00:00:00Z');
		CREATE TABLE sessions(id TEXT PRIMARY KEY, user_id INTEGER, csrf_token TEXT, created_at TEXT, expires_at TEXT);
		INSERT INTO sessions VALUES ('sess-ann-1', 1, 'csrf-1', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')`)
	require.NoError(t, err)
	require.NoError(t, w.Close())

	db, err := OpenDB("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	steps := artifacts.NewStepLog()
	var secrets []string
	p := db.Probe(steps, func(s string) { secrets = append(secrets, s) })

	u, err := p.User(context.Background(), "ann")
	require.NoError(t, err)
	require.Equal(t, &UserRow{ID: 1, Username: "ann", Email: "ann@example.test", PasswordHash: "$2a$10$x", DisplayName: "Ann", CreatedAt: "2026-01-01T00:00:00Z"}, u)
	ss, err := p.Sessions(context.Background(), 1)
	require.NoError(t, err)
	require.Equal(t, []SessionRow{{ID: "sess-ann-1", UserID: 1, CreatedAt: "2026-01-01T00:00:00Z", ExpiresAt: "2026-01-02T00:00:00Z"}}, ss)
	require.Equal(t, []string{"$2a$10$x", "sess-ann-1"}, secrets, "the credentials read are told to secret")
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
	require.Equal(t, []string{`db: users row of "ann" ok`, "db: sessions rows of user 1 ok", `db: users row of "bob" ok`, "db: SELECT username FROM users WHERE id = ? ok", "db: DELETE FROM users FAIL"}, names)
}
