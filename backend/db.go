package backend

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no cgo

	"github.com/e2e-dev/e2e/steps"
)

// DB reads the app's database, read-only, to check what a flow's actions left there.
type DB struct {
	db *sql.DB
}

// OpenDB opens the database read-only. For driver "sqlite" the dsn is a file path or a
// "file:" URI; it is opened with mode=ro so that a probe can never change what it checks.
func OpenDB(driver, dsn string) (*DB, error) {
	if driver != "sqlite" {
		return nil, fmt.Errorf("backend.db.driver %q: only sqlite is supported", driver)
	}
	if dsn == "" {
		return nil, errors.New("backend.db.dsn is empty: set it to the app's SQLite file")
	}
	db, err := sql.Open("sqlite", readOnlyDSN(dsn))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", dsn, err)
	}
	db.SetMaxOpenConns(4)
	if err := db.Ping(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open database %s: %w", dsn, err)
	}
	return &DB{db: db}, nil
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

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Probe is the database as one flow sees it: the same DB, recording each query as a step. A
// probe of no database (backend.db.dsn not set) answers every query with ErrNoDB.
type Probe struct {
	db     *DB
	steps  *steps.StepLog
	secret func(string)
}

// ErrNoDB is what a probe of no database answers: the run has no backend.db.dsn.
var ErrNoDB = errors.New("this flow reads the database, but backend.db.dsn is not set: set it (--db-dsn, E2E_BACKEND_DB_DSN) to the app's database")

// Probe returns a probe recording its checks in steps and telling secret (when not nil) every
// credential a suite's row probe reads (Secret), so that the artifacts and reports of a failure
// that prints a row can scrub them. d may be nil: the probe then answers ErrNoDB.
func (d *DB) Probe(steps *steps.StepLog, secret func(string)) *Probe {
	if secret == nil {
		secret = func(string) {}
	}
	return &Probe{db: d, steps: steps, secret: secret}
}

// Secret tells the run that s, read from the database, is a credential (a session id, a
// password hash): artifacts and reports show it as [REDACTED].
func (p *Probe) Secret(s string) { p.secret(s) }

// Query runs a read-only query as the step "db: <what>" and calls scan on each row, in order:
// the building block of a suite's row probes (the shop's are in flows/shopsuite). Errors say
// what was queried.
func (p *Probe) Query(ctx context.Context, what string, scan func(*sql.Rows) error, query string, args ...any) error {
	if p == nil {
		return ErrNoDB
	}
	return p.steps.Do("db: "+what, func() error {
		if p.db == nil {
			return ErrNoDB
		}
		rows, err := p.db.db.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("db: %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("db: %s: %w", what, err)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("db: %s: %w", what, err)
		}
		return nil
	})
}

var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Count returns the number of rows in table.
func (d *DB) Count(ctx context.Context, table string) (int, error) {
	if !tableName.MatchString(table) {
		return 0, fmt.Errorf("db: count: %q is not a table name", table)
	}
	var n int
	if err := d.db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		return 0, fmt.Errorf("db: count %s: %w", table, err)
	}
	return n, nil
}

// Rows runs a read-only query and returns its rows as column-to-value maps: for flows of
// other apps than the reference shop. The connection is read-only, so a query cannot change
// what it checks.
func (p *Probe) Rows(ctx context.Context, query string, args ...any) ([]map[string]any, error) {
	var out []map[string]any
	err := p.Query(ctx, oneLineSQL(query), func(rows *sql.Rows) error {
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		row := make(map[string]any, len(cols))
		for i, c := range cols {
			row[c] = vals[i]
		}
		out = append(out, row)
		return nil
	}, query, args...)
	return out, err
}

func oneLineSQL(q string) string { return strings.Join(strings.Fields(q), " ") }
