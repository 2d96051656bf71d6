package backend

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// openMySQL opens a MySQL or MariaDB database through go-sql-driver/mysql. dsn is the driver's
// own form ("user:password@tcp(host:3306)/db?parseTime=true") or a URL
// ("mysql://user:password@host:3306/db"). Probe queries run in READ ONLY transactions.
func openMySQL(dsn string) (*sql.DB, string, error) {
	cfg, err := mysqlConfig(dsn)
	if err != nil {
		return nil, "", fmt.Errorf("backend.db.dsn: malformed mysql DSN (%s): expected user:password@tcp(host:3306)/db or mysql://user:password@host:3306/db", errText(err))
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = connectTimeout
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, "", fmt.Errorf("backend.db.dsn: %w", err)
	}
	where := fmt.Sprintf("%s/%s as %q", cfg.Addr, cfg.DBName, cfg.User)
	return sql.OpenDB(connector), where, nil
}

// mysqlConfig parses the driver's DSN or a mysql:// (mariadb://) URL.
func mysqlConfig(dsn string) (*mysql.Config, error) {
	scheme, rest, isURL := strings.Cut(dsn, "://")
	if !isURL {
		return mysql.ParseDSN(dsn)
	}
	if scheme != "mysql" && scheme != "mariadb" {
		return nil, fmt.Errorf("scheme %q", scheme)
	}
	u, err := url.Parse("mysql://" + rest)
	if err != nil {
		return nil, errors.New("not a URL")
	}
	host := u.Host
	if u.Port() == "" {
		host = u.Hostname() + ":3306"
	}
	pw, _ := u.User.Password()
	return mysql.ParseDSN(fmt.Sprintf("%s:%s@tcp(%s)/%s?%s", u.User.Username(), pw, host, strings.TrimPrefix(u.Path, "/"), u.RawQuery))
}

// classifyMySQLError names a MySQL or MariaDB server's answer to a connection.
func classifyMySQLError(err error) (reason, fix string) {
	var myErr *mysql.MySQLError
	if !errors.As(err, &myErr) {
		return "", ""
	}
	switch myErr.Number {
	case 1045:
		return "wrong password (access denied)", "fix the user or password in backend.db.dsn"
	case 1044:
		return "access denied to the database", "grant the user SELECT on it or fix backend.db.dsn"
	case 1049:
		return "unknown database (" + myErr.Message + ")", "create it or fix the database name in backend.db.dsn"
	}
	return "", ""
}
