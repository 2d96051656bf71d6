package backend

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/steps"
)

// DB reads the app's database, read-only, to check what a flow's actions left there.
type DB struct {
	db     *sql.DB
	driver string
	where  string // host, database and user, for messages: never the password
}

// Driver returns the database's driver, one of Drivers.
func (d *DB) Driver() string { return d.driver }

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// read runs query with args and hands its rows to fn: on PostgreSQL and MySQL inside a READ
// ONLY transaction that is always rolled back, so that no statement can write. Placeholders may
// be written "?" on every driver (see rebind).
func (d *DB) read(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	query = d.rebind(query)
	var (
		rows *sql.Rows
		err  error
	)
	if d.driver == DriverSQLite { // a read-only connection (mode=ro, query_only)
		rows, err = d.db.QueryContext(ctx, query, args...)
	} else {
		var tx *sql.Tx
		tx, err = d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return fmt.Errorf("begin read-only transaction: %w", err)
		}
		defer func() { _ = tx.Rollback() }()
		rows, err = tx.QueryContext(ctx, query, args...)
	}
	if err != nil {
		return err
	}
	defer rows.Close()
	if err := fn(rows); err != nil {
		return err
	}
	return rows.Err()
}

// readRow is read for a query of one row, scanned into dest; found is false when there is none.
func (d *DB) readRow(ctx context.Context, query string, args []any, dest ...any) (found bool, err error) {
	err = d.read(ctx, query, args, func(rows *sql.Rows) error {
		if !rows.Next() {
			return nil
		}
		found = true
		return rows.Scan(dest...)
	})
	return found, err
}

// Probe is the database as one flow sees it: the same DB, recording each query as a step, and
// failing the flow when a query fails. A probe of no database (backend.db.dsn not set) fails
// every query with ErrNoDB.
type Probe struct {
	// Timeout bounds Eventually's polling, as timeouts.action bounds a page action; 0 means
	// steps.DefaultActionTimeout.
	Timeout time.Duration

	ctx    context.Context
	t      steps.TestingT
	db     *DB
	steps  *steps.StepLog
	secret func(string)
}

// ErrNoDB is what a probe of no database answers: the run has no backend.db.dsn.
var ErrNoDB = errors.New("this flow reads the database, but backend.db.dsn is not set: set it (--db-dsn, E2E_BACKEND_DB_DSN) to the app's database")

// Probe returns the probe of a flow: bounded by ctx, failing t, recording its checks in steps
// and telling secret (when not nil) every credential a suite's row probe reads (Secret), so
// that the artifacts and reports of a failure that prints a row can scrub them. d may be nil:
// the probe then fails every query with ErrNoDB.
func (d *DB) Probe(ctx context.Context, t steps.TestingT, steps *steps.StepLog, secret func(string)) *Probe {
	if secret == nil {
		secret = func(string) {}
	}
	return &Probe{ctx: ctx, t: t, db: d, steps: steps, secret: secret}
}

// must fails the flow with err, when there is one.
func (p *Probe) must(err error) {
	if err != nil {
		p.t.Helper()
		p.t.Errorf("%v", err)
		p.t.FailNow()
	}
}

// Secret tells the run that s, read from the database, is a credential (a session id, a
// password hash): artifacts and reports show it as [REDACTED].
func (p *Probe) Secret(s string) { p.secret(s) }

// Driver returns the driver of the probed database (one of Drivers), "" when there is none: for
// the few queries that differ between dialects.
func (p *Probe) Driver() string {
	if p == nil || p.db == nil {
		return ""
	}
	return p.db.driver
}

// Query runs a read-only query as the step "db: <what>" and calls scan on each row, in order:
// the building block of a suite's typed row probes. Placeholders may be written "?" on every
// driver. A failure (of the query or of scan) fails the flow, saying what was queried.
func (p *Probe) Query(what string, scan func(*sql.Rows) error, query string, args ...any) {
	ctx := p.ctx
	p.must(p.steps.Do("db: "+what, func() error {
		if p.db == nil {
			return ErrNoDB
		}
		err := p.db.read(ctx, query, args, func(rows *sql.Rows) error {
			for rows.Next() {
				if err := scan(rows); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("db: %s: %w", what, err)
		}
		return nil
	}))
}

var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Count returns the number of rows in table.
func (d *DB) Count(ctx context.Context, table string) (int, error) {
	if !tableName.MatchString(table) {
		return 0, fmt.Errorf("db: count: %q is not a table name", table)
	}
	var n int
	if _, err := d.readRow(ctx, "SELECT count(*) FROM "+table, nil, &n); err != nil {
		return 0, fmt.Errorf("db: count %s: %w", table, err)
	}
	return n, nil
}

func oneLineSQL(q string) string { return strings.Join(strings.Fields(q), " ") }
