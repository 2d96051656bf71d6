package backend

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no cgo

	"github.com/e2e-dev/e2e/steps"
)

// DB reads the shop's database, read-only, to check what a flow's actions left there.
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

// Probe is the database as one flow sees it: the same DB, recording each query as a step.
type Probe struct {
	db     *DB
	steps  *steps.StepLog
	secret func(string)
}

// Probe returns a probe recording its checks in steps and telling secret (when not nil) every
// credential it reads, session ids and password hashes, so that the artifacts and reports of a
// failure that prints a row can scrub them.
func (d *DB) Probe(steps *steps.StepLog, secret func(string)) *Probe {
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
		err := p.db.db.QueryRowContext(ctx,
			`SELECT id, username, email, password_hash, display_name, created_at FROM users WHERE username = ?`,
			username).Scan(&r.ID, &r.Username, &r.Email, &r.PasswordHash, &r.DisplayName, &r.CreatedAt)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return nil
		case err != nil:
			return fmt.Errorf("db: users row of %q: %w", username, err)
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
		rows, err := p.db.db.QueryContext(ctx,
			`SELECT id, user_id, created_at, expires_at FROM sessions WHERE user_id = ? ORDER BY created_at DESC`, userID)
		if err != nil {
			return fmt.Errorf("db: sessions of user %d: %w", userID, err)
		}
		defer rows.Close()
		for rows.Next() {
			var s SessionRow
			if err := rows.Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.ExpiresAt); err != nil {
				return fmt.Errorf("db: sessions of user %d: %w", userID, err)
			}
			p.secret(s.ID)
			out = append(out, s)
		}
		return rows.Err()
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
	err := p.steps.Do(fmt.Sprintf("db: favourites rows of user %d", userID), func() error {
		rows, err := p.db.db.QueryContext(ctx,
			`SELECT product_id, added_at FROM favourites WHERE user_id = ? ORDER BY added_at DESC, rowid DESC`, userID)
		if err != nil {
			return fmt.Errorf("db: favourites of user %d: %w", userID, err)
		}
		defer rows.Close()
		for rows.Next() {
			var f FavouriteRow
			if err := rows.Scan(&f.ProductID, &f.AddedAt); err != nil {
				return fmt.Errorf("db: favourites of user %d: %w", userID, err)
			}
			out = append(out, f)
		}
		return rows.Err()
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
	err := p.steps.Do("db: "+oneLineSQL(query), func() error {
		rows, err := p.db.db.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("db: %w", err)
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return fmt.Errorf("db: %w", err)
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return fmt.Errorf("db: %w", err)
			}
			row := make(map[string]any, len(cols))
			for i, c := range cols {
				row[c] = vals[i]
			}
			out = append(out, row)
		}
		return rows.Err()
	})
	return out, err
}

func oneLineSQL(q string) string { return strings.Join(strings.Fields(q), " ") }
