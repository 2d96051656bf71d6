package backend

import (
	"database/sql"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no cgo
)

// openSQLite opens the SQLite file dsn read-only (mode=ro, query_only), so that a probe can
// never change what it checks.
func openSQLite(dsn string) (*sql.DB, string, error) {
	db, err := sql.Open("sqlite", readOnlyDSN(dsn))
	if err != nil {
		return nil, "", err
	}
	return db, dsn, nil
}

func readOnlyDSN(dsn string) string {
	if !strings.HasPrefix(dsn, "file:") {
		dsn = "file:" + (&url.URL{Path: dsn}).EscapedPath()
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "mode=ro&_pragma=busy_timeout(5000)&_pragma=query_only(1)"
}
