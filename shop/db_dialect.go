package shop

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver: the shop on PostgreSQL
)

//go:embed schema_postgres.sql
var schemaPostgresSQL string

// Database drivers the shop runs on.
const (
	driverSQLite   = "sqlite"
	driverPostgres = "postgres"
)

// isPostgresDSN reports whether dsn names a PostgreSQL database (postgres:// or postgresql://).
func isPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// store is the shop's database on either driver. Queries are written once, with "?"
// placeholders, and rebound to $1, $2... on PostgreSQL.
type store struct {
	*sql.DB
	driver string
}

// QueryRowContext runs a query of one row.
func (d *store) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.DB.QueryRowContext(ctx, d.rebind(query), args...)
}

// QueryContext runs a query.
func (d *store) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.DB.QueryContext(ctx, d.rebind(query), args...)
}

// ExecContext runs a statement.
func (d *store) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.DB.ExecContext(ctx, d.rebind(query), args...)
}

// BeginTx starts a transaction whose statements are rebound too.
func (d *store) BeginTx(ctx context.Context, opts *sql.TxOptions) (*storeTx, error) {
	tx, err := d.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &storeTx{Tx: tx, d: d}, nil
}

// storeTx is a transaction of a store.
type storeTx struct {
	*sql.Tx
	d *store
}

// QueryRowContext runs a query of one row.
func (t *storeTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, t.d.rebind(query), args...)
}

// ExecContext runs a statement.
func (t *storeTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(ctx, t.d.rebind(query), args...)
}

// schema is the driver's CREATE statements.
func (d *store) schema() string {
	if d.driver == driverPostgres {
		return schemaPostgresSQL
	}
	return schemaSQL
}

// newestFirst is the tiebreak of favourites added at the same instant: the later insert first
// (SQLite's rowid); PostgreSQL has no insert order, so the higher product id.
func (d *store) newestFirst(table string) string {
	if d.driver == driverPostgres {
		return table + ".product_id DESC"
	}
	return table + ".rowid DESC"
}

// rebind rewrites "?" as $1, $2... on PostgreSQL. The shop's queries hold no "?" in literals.
func (d *store) rebind(query string) string {
	if d.driver != driverPostgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for _, part := range strings.SplitAfter(query, "?") {
		if p, ok := strings.CutSuffix(part, "?"); ok {
			n++
			b.WriteString(p + "$" + strconv.Itoa(n))
			continue
		}
		b.WriteString(part)
	}
	return b.String()
}

// openPostgres opens the PostgreSQL database at dsn, migrates and seeds it.
func openPostgres(ctx context.Context, dsn string) (*store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("shop: open postgres database: %w", err)
	}
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxOpenConns)
	s := &store{DB: db, driver: driverPostgres}
	if err := migrate(ctx, s); err != nil {
		db.Close()
		return nil, fmt.Errorf("shop: postgres database: %w", err)
	}
	return s, nil
}
