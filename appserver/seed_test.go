package appserver

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestHTTPSeedAsOneSetupUser: the calls of a list share a cookie jar (a login, then calls as
// that user), $VAR is expanded, and a wrong status fails naming the step and the call.
func TestHTTPSeedAsOneSetupUser(t *testing.T) {
	t.Setenv("SEED_PASSWORD", "pw-from-env")
	var got []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/login":
			if r.PostFormValue("password") != "pw-from-env" {
				http.Error(w, "bad password", http.StatusUnauthorized)
				return
			}
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "setup-user"})
		case "/api/items":
			if c, err := r.Cookie("sid"); err != nil || c.Value != "setup-user" {
				http.Error(w, `{"error":"not signed in"}`, http.StatusUnauthorized)
				return
			}
			var body map[string]any
			require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
			got = append(got, body)
			w.WriteHeader(http.StatusCreated)
		}
	}))
	defer srv.Close()
	steps := []Step{
		{Name: "log in", HTTP: []config.AppHTTPCall{{Path: "/login", Form: map[string]string{"user": "setup", "password": "$SEED_PASSWORD"}}}},
		{HTTP: []config.AppHTTPCall{{Method: "put", Path: "api/items", Body: map[string]any{"name": "lamp", "tags": []any{"$SEED_PASSWORD"}}, Status: 201}}},
	}
	require.NoError(t, RunSteps(context.Background(), "app.seed", steps, Data{APIURL: srv.URL}, nil))
	require.Equal(t, []map[string]any{{"name": "lamp", "tags": []any{"pw-from-env"}}}, got)

	err := RunSteps(context.Background(), "app.reset", steps[1:], Data{APIURL: srv.URL}, nil)
	require.EqualError(t, err, `app.reset step 1 (http PUT api/items): PUT api/items answered 401 Unauthorized, expected 201: {"error":"not signed in"}`)
}

// TestSQLSeedOnSQLite runs a file of statements in one transaction on a writable connection;
// a bad one leaves nothing behind.
func TestSQLSeedOnSQLite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.db")
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec("CREATE TABLE items (name TEXT NOT NULL)")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "seed.sql"), []byte("INSERT INTO items VALUES ('a');\nINSERT INTO items VALUES ('b');\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.sql"), []byte("INSERT INTO items VALUES ('c');\nINSERT INTO items VALUES (NULL);\n"), 0o644))

	d := Data{DBDriver: "sqlite", DBDSN: path}
	require.NoError(t, RunSteps(context.Background(), "app.seed", []Step{{SQL: "seed.sql", Dir: dir}}, d, nil))
	err = RunSteps(context.Background(), "app.seed", []Step{{SQL: "bad.sql", Dir: dir}}, d, nil)
	require.ErrorContains(t, err, "app.seed step 1 (sql bad.sql): ")
	require.ErrorContains(t, err, "NOT NULL constraint failed: items.name")
	var n int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM items").Scan(&n))
	require.Equal(t, 2, n, "the failed file's first row was rolled back")

	err = RunSteps(context.Background(), "app.seed", []Step{{SQL: "missing.sql", Dir: dir}}, d, nil)
	require.EqualError(t, err, "app.seed step 1 (sql missing.sql): read "+filepath.Join(dir, "missing.sql")+": no such file or directory")
	err = RunSteps(context.Background(), "app.seed", []Step{{SQL: "seed.sql", Dir: dir}}, Data{DBDriver: "oracle", DBDSN: "x"}, nil)
	require.EqualError(t, err, `app.seed step 1 (sql seed.sql): backend.db.driver "oracle": this build of e2e has no driver for it`)
}

// TestRunSeedFailsWithItsLastLine.
func TestRunSeedFailsWithItsLastLine(t *testing.T) {
	err := RunSteps(context.Background(), "app.seed", []Step{{Run: "echo ok"}, {Run: "echo loading; echo 'fixtures.json: no such file' >&2; exit 4"}}, Data{}, nil)
	require.EqualError(t, err, "app.seed step 2 (run echo loading; echo 'fixtures.json: no such file' >&2; exit 4): exit code 4: fixtures.json: no such file")
}

// TestSQLSeedOnPostgres runs a file of statements on a real PostgreSQL, through pgx.
func TestSQLSeedOnPostgres(t *testing.T) {
	dsn := testenv.StartPostgres(t).DSN("postgres")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "seed.sql"), []byte(
		"CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);\nINSERT INTO items (name) VALUES ('a'), ('b');\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.sql"), []byte("INSERT INTO items (name) VALUES ('c');\nINSERT INTO items (name) VALUES (NULL);\n"), 0o644))
	d := Data{DBDriver: "postgres", DBDSN: dsn}
	require.NoError(t, RunSteps(context.Background(), "app.seed", []Step{{SQL: "seed.sql", Dir: dir}}, d, nil))
	err := RunSteps(context.Background(), "app.reset", []Step{{SQL: "bad.sql", Dir: dir}}, d, nil)
	require.ErrorContains(t, err, `app.reset step 1 (sql bad.sql): ERROR: null value in column "name" of relation "items" violates not-null constraint`)

	db, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM items").Scan(&n))
	require.Equal(t, 2, n, "the failed file's first row was rolled back")
}
