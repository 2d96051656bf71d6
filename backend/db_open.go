package backend

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Database drivers accepted in backend.db.driver.
const (
	DriverSQLite   = "sqlite"   // modernc.org/sqlite: a file path or a file: URI
	DriverPostgres = "postgres" // github.com/jackc/pgx/v5: postgres:// URL or key=value pairs
	DriverMySQL    = "mysql"    // github.com/go-sql-driver/mysql (MariaDB too): its DSN or mysql:// URL
)

// Drivers lists the drivers OpenDB accepts.
var Drivers = []string{DriverSQLite, DriverPostgres, DriverMySQL}

// connectTimeout bounds opening a server database, when its DSN sets no timeout of its own.
const connectTimeout = 5 * time.Second

// OpenDB opens the app's database for read-only probes. driver is one of Drivers:
//   - sqlite: dsn is a file path or a "file:" URI, opened with mode=ro and query_only;
//   - postgres: a postgres:// URL or "host=... user=... password=... dbname=..."; every
//     session starts with default_transaction_read_only=on and every probe query runs in a
//     READ ONLY transaction;
//   - mysql: go-sql-driver's "user:password@tcp(host:3306)/db" or a mysql:// URL; every probe
//     query runs in a READ ONLY transaction.
//
// The tester sets read-only itself: a DSN with a writing account is still only read. Errors are
// one line naming what was wrong, without the DSN's password.
func OpenDB(driver, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("backend.db.dsn is empty: set it to the app's database (a SQLite file, a postgres:// or a mysql DSN)")
	}
	var (
		db    *sql.DB
		where string
		err   error
	)
	switch driver {
	case DriverSQLite:
		db, where, err = openSQLite(dsn)
	case DriverPostgres:
		db, where, err = openPostgres(dsn)
	case DriverMySQL:
		db, where, err = openMySQL(dsn)
	default:
		return nil, fmt.Errorf("backend.db.driver %q: unknown driver: use one of %s", driver, strings.Join(Drivers, ", "))
	}
	if err != nil {
		return nil, errors.New(maskPassword(err.Error(), dsn))
	}
	db.SetMaxOpenConns(4)
	ctx, cancel := context.WithTimeout(context.Background(), 2*connectTimeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, errors.New(maskPassword(openError(driver, where, err).Error(), dsn))
	}
	return &DB{db: db, driver: driver, where: where}, nil
}

// openError says in one line why the database at where could not be opened, and what to fix.
func openError(driver, where string, err error) error {
	reason, fix := classifyOpenError(driver, err)
	if reason == "" {
		reason = strings.Join(strings.Fields(err.Error()), " ")
	}
	if fix == "" {
		fix = "check backend.db.dsn"
	}
	return fmt.Errorf("open %s database %s: %s: %s", driver, where, reason, fix)
}

// classifyOpenError names the usual mistakes: a server not listening, a wrong password, an
// unknown database. It returns "" for anything else.
func classifyOpenError(driver string, err error) (reason, fix string) {
	if r, f := classifyServerError(driver, err); r != "" {
		return r, f
	}
	var opErr *net.OpError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		return "no such host", "fix the host in backend.db.dsn"
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &opErr) && opErr.Timeout()):
		return "unreachable (no answer within " + connectTimeout.String() + ")", "start the database or fix the host and port in backend.db.dsn"
	case errors.As(err, &opErr) || strings.Contains(err.Error(), "connection refused"):
		return "unreachable (connection refused)", "start the database or fix the host and port in backend.db.dsn"
	}
	return "", ""
}

// classifyServerError names the errors a server answers with, by driver.
func classifyServerError(driver string, err error) (reason, fix string) {
	switch driver {
	case DriverPostgres:
		return classifyPostgresError(err)
	case DriverMySQL:
		return classifyMySQLError(err)
	}
	return "", ""
}

var (
	dsnKeyPassword = regexp.MustCompile(`(?i)(?:^|[\s?&;])\w*(?:pass|pwd)\w*=('[^']*'|"[^"]*"|[^\s&;]+)`)
	dsnUserPass    = regexp.MustCompile(`^(?:[a-z][a-z0-9+.-]*://)?[^:@/?\s]*:([^@\s]*)@`)
)

// maskPassword replaces in s every password dsn holds (URL userinfo, user:password@ form,
// password= pairs) by [REDACTED].
func maskPassword(s, dsn string) string {
	var pws []string
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok {
			pws = append(pws, pw, url.QueryEscape(pw), url.PathEscape(pw))
		}
	}
	if m := dsnUserPass.FindStringSubmatch(dsn); m != nil {
		pws = append(pws, m[1])
	}
	for _, m := range dsnKeyPassword.FindAllStringSubmatch(dsn, -1) {
		pws = append(pws, m[1], strings.Trim(m[1], `'"`))
	}
	for _, pw := range pws {
		if len(pw) >= 2 {
			s = strings.ReplaceAll(s, pw, "[REDACTED]")
		}
	}
	return s
}
