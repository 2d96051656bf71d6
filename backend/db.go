package backend

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/artifacts"
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

// Probe is the database as one flow sees it: the same DB, recording each query as a step.
type Probe struct {
	// Timeout bounds Eventually's polling, as timeouts.action bounds a page action; 0 means 10s.
	Timeout time.Duration

	db     *DB
	steps  *artifacts.StepLog
	secret func(string)
}

// Probe returns a probe recording its checks in steps and telling secret (when not nil) every
// credential it reads, session ids and password hashes, so that the artifacts and reports of a
// failure that prints a row can scrub them.
func (d *DB) Probe(steps *artifacts.StepLog, secret func(string)) *Probe {
	if secret == nil {
		secret = func(string) {}
	}
	return &Probe{db: d, steps: steps, secret: secret}
}

// UserRow is a row of users.
type UserRow struct {
	ID           int64
	Username     string
	Email        string
	PasswordHash string
	DisplayName  string
	CreatedAt    string
}

// User returns the users row of username, or nil when there is none.
func (p *Probe) User(ctx context.Context, username string) (*UserRow, error) {
	var u *UserRow
	err := p.steps.Do(fmt.Sprintf("db: users row of %q", username), func() error {
		r := UserRow{}
		found, err := p.db.readRow(ctx,
			`SELECT id, username, email, password_hash, display_name, created_at FROM users WHERE username = ?`,
			[]any{username}, &r.ID, &r.Username, &r.Email, &r.PasswordHash, &r.DisplayName, &r.CreatedAt)
		switch {
		case err != nil:
			return fmt.Errorf("db: users row of %q: %w", username, err)
		case !found:
			return nil
		}
		p.secret(r.PasswordHash)
		u = &r
		return nil
	})
	return u, err
}

// SessionRow is a row of sessions.
type SessionRow struct {
	ID        string
	UserID    int64
	CreatedAt string
	ExpiresAt string
}

// Sessions returns the sessions rows of user id, newest first.
func (p *Probe) Sessions(ctx context.Context, userID int64) ([]SessionRow, error) {
	var out []SessionRow
	err := p.steps.Do(fmt.Sprintf("db: sessions rows of user %d", userID), func() error {
		err := p.db.read(ctx, `SELECT id, user_id, created_at, expires_at FROM sessions WHERE user_id = ? ORDER BY created_at DESC`,
			[]any{userID}, func(rows *sql.Rows) error {
				for rows.Next() {
					var s SessionRow
					if err := rows.Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.ExpiresAt); err != nil {
						return err
					}
					p.secret(s.ID)
					out = append(out, s)
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("db: sessions of user %d: %w", userID, err)
		}
		return nil
	})
	return out, err
}

// FavouriteRow is a row of favourites.
type FavouriteRow struct {
	ProductID int64
	AddedAt   string
}

// Favourites returns the favourites rows of user id, newest first.
func (p *Probe) Favourites(ctx context.Context, userID int64) ([]FavouriteRow, error) {
	var out []FavouriteRow
	tiebreak := "rowid DESC" // the shop's order on SQLite: the later insert first
	if p.db.driver != DriverSQLite {
		tiebreak = "product_id DESC" // as the shop orders them on servers without rowid
	}
	err := p.steps.Do(fmt.Sprintf("db: favourites rows of user %d", userID), func() error {
		err := p.db.read(ctx, `SELECT product_id, added_at FROM favourites WHERE user_id = ? ORDER BY added_at DESC, `+tiebreak,
			[]any{userID}, func(rows *sql.Rows) error {
				for rows.Next() {
					var f FavouriteRow
					if err := rows.Scan(&f.ProductID, &f.AddedAt); err != nil {
						return err
					}
					out = append(out, f)
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("db: favourites of user %d: %w", userID, err)
		}
		return nil
	})
	return out, err
}

// Count returns the number of rows in table (one of the shop's: users, sessions, products,
// favourites).
func (d *DB) Count(ctx context.Context, table string) (int, error) {
	switch table {
	case "users", "sessions", "products", "favourites":
	default:
		return 0, fmt.Errorf("db: count: unknown table %q", table)
	}
	var n int
	if _, err := d.readRow(ctx, "SELECT count(*) FROM "+table, nil, &n); err != nil {
		return 0, fmt.Errorf("db: count %s: %w", table, err)
	}
	return n, nil
}

func oneLineSQL(q string) string { return strings.Join(strings.Fields(q), " ") }
