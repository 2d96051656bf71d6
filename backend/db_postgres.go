package backend

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// openPostgres opens a PostgreSQL database through pgx's database/sql driver. Every session
// starts read-only (default_transaction_read_only), whatever the DSN says.
func openPostgres(dsn string) (*sql.DB, string, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, "", fmt.Errorf("backend.db.dsn: malformed postgres DSN (%s): expected postgres://user:password@host:5432/db or \"host=... port=... user=... password=... dbname=...\"", errText(err))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
	cfg.RuntimeParams["application_name"] = "e2e probe"
	where := fmt.Sprintf("%s:%d/%s as %q", cfg.Host, cfg.Port, cfg.Database, cfg.User)
	return stdlib.OpenDB(*cfg), where, nil
}

// classifyPostgresError names a PostgreSQL server's answer to a connection.
func classifyPostgresError(err error) (reason, fix string) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return "", ""
	}
	switch pgErr.Code {
	case "28P01":
		return "wrong password", "fix the password in backend.db.dsn"
	case "28000":
		return "access refused (" + pgErr.Message + ")", "check the user in backend.db.dsn and the server's pg_hba.conf"
	case "3D000":
		return "unknown database (" + pgErr.Message + ")", "create it or fix the database name in backend.db.dsn"
	}
	return "", ""
}

// errText is err's message on one line.
func errText(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
