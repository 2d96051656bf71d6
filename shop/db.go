package shop

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed schema.sql
var schemaSQL string

// tsLayout is how every timestamp is stored: RFC 3339 in UTC with a fixed
// nine-digit fraction, so that comparing the text compares the times. It
// parses with time.RFC3339Nano.
const tsLayout = "2006-01-02T15:04:05.000000000Z07:00"

// formatTS formats t for storage.
func formatTS(t time.Time) string { return t.UTC().Format(tsLayout) }

// parseTS parses a stored timestamp.
func parseTS(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("shop: parse timestamp %q: %w", s, err)
	}
	return t.UTC(), nil
}

// maxOpenConns bounds the pool. Reads run in parallel (WAL); writers
// serialise on SQLite's write lock, waited for through busy_timeout, and
// every explicit transaction starts with BEGIN IMMEDIATE (_txlock) so it
// never has to upgrade a read lock (which fails with SQLITE_BUSY at once).
const maxOpenConns = 16

// dsn builds the modernc.org/sqlite DSN for the file at abs.
func dsn(abs string) string {
	u := url.URL{Path: filepath.ToSlash(abs)}
	q := []string{
		"_pragma=busy_timeout(5000)",
		"_pragma=journal_mode(WAL)",
		"_pragma=foreign_keys(1)",
		"_pragma=synchronous(NORMAL)",
		"_txlock=immediate",
	}
	return "file:" + u.EscapedPath() + "?" + strings.Join(q, "&")
}

// openDB opens (creating if needed) the SQLite database at abs, migrates and seeds it.
func openDB(ctx context.Context, abs string) (*store, error) {
	db, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("shop: open database %s: %w", abs, err)
	}
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxOpenConns)
	s := &store{DB: db, driver: driverSQLite}
	if err := migrate(ctx, s); err != nil {
		db.Close()
		return nil, fmt.Errorf("shop: database %s: %w", abs, err)
	}
	return s, nil
}

// migrate creates the schema (idempotent) and seeds the catalog when empty.
func migrate(ctx context.Context, db *store) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: begin: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.Tx.ExecContext(ctx, db.schema()); err != nil {
		return fmt.Errorf("migrate: create schema: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM products`).Scan(&n); err != nil {
		return fmt.Errorf("migrate: count products: %w", err)
	}
	if n == 0 {
		for _, p := range seedProducts() {
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO products(id, name, price_cents, description) VALUES (?, ?, ?, ?)`,
				p.ID, p.Name, p.PriceCents, p.Description); err != nil {
				return fmt.Errorf("migrate: seed product %d: %w", p.ID, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

// product is a catalog entry.
type product struct {
	ID          int64
	Name        string
	PriceCents  int64
	Description string
}

// Price formats the price like "$12.50".
func (p product) Price() string { return formatPrice(p.PriceCents) }

// formatPrice formats cents like "$12.50".
func formatPrice(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s$%d.%02d", sign, cents/100, cents%100)
}

// user is a signed-up account (without its password hash).
type user struct {
	ID          int64
	Username    string
	Email       string
	DisplayName string
	CreatedAt   time.Time
}

// favourite is one product in a user's favourites.
type favourite struct {
	ProductID  int64
	Name       string
	PriceCents int64
	AddedAt    time.Time
}

// Price formats the favourite's price like "$12.50".
func (f favourite) Price() string { return formatPrice(f.PriceCents) }

// errNotFound reports a missing row.
var errNotFound = errors.New("not found")

// listProducts returns the catalog ordered by id.
func (s *Shop) listProducts(ctx context.Context) ([]product, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, price_cents, description FROM products ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("shop: list products: %w", err)
	}
	defer rows.Close()
	var out []product
	for rows.Next() {
		var p product
		if err := rows.Scan(&p.ID, &p.Name, &p.PriceCents, &p.Description); err != nil {
			return nil, fmt.Errorf("shop: list products: scan: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("shop: list products: %w", err)
	}
	return out, nil
}

// getProduct returns one product, or errNotFound.
func (s *Shop) getProduct(ctx context.Context, id int64) (product, error) {
	var p product
	err := s.db.QueryRowContext(ctx, `SELECT id, name, price_cents, description FROM products WHERE id = ?`, id).
		Scan(&p.ID, &p.Name, &p.PriceCents, &p.Description)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("shop: product %d: %w", id, errNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("shop: get product %d: %w", id, err)
	}
	return p, nil
}

// isFavourite reports whether the user has the product among their favourites.
func (s *Shop) isFavourite(ctx context.Context, userID, productID int64) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx,
		`SELECT 1 FROM favourites WHERE user_id = ? AND product_id = ?`, userID, productID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("shop: is favourite: %w", err)
	}
	return true, nil
}

// listFavourites returns the user's favourites, newest first.
func (s *Shop) listFavourites(ctx context.Context, userID int64) ([]favourite, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT f.product_id, p.name, p.price_cents, f.added_at
		FROM favourites f JOIN products p ON p.id = f.product_id
		WHERE f.user_id = ?
		ORDER BY f.added_at DESC, `+s.db.newestFirst("f"), userID)
	if err != nil {
		return nil, fmt.Errorf("shop: list favourites: %w", err)
	}
	defer rows.Close()
	out := []favourite{}
	for rows.Next() {
		var f favourite
		var added string
		if err := rows.Scan(&f.ProductID, &f.Name, &f.PriceCents, &added); err != nil {
			return nil, fmt.Errorf("shop: list favourites: scan: %w", err)
		}
		if f.AddedAt, err = parseTS(added); err != nil {
			return nil, fmt.Errorf("shop: list favourites: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("shop: list favourites: %w", err)
	}
	return out, nil
}

// addFavourite adds the product to the user's favourites (idempotent); it
// returns errNotFound for an unknown product.
func (s *Shop) addFavourite(ctx context.Context, userID, productID int64) error {
	res, err := s.db.ExecContext(ctx, `
		INSERT INTO favourites(user_id, product_id, added_at)
		SELECT CAST(? AS BIGINT), id, CAST(? AS TEXT) FROM products WHERE id = ?
		ON CONFLICT(user_id, product_id) DO NOTHING`,
		userID, formatTS(s.now()), productID)
	if err != nil {
		return fmt.Errorf("shop: add favourite %d: %w", productID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		return nil
	}
	if _, err := s.getProduct(ctx, productID); err != nil {
		return fmt.Errorf("shop: add favourite: %w", err)
	}
	return nil
}

// removeFavourite removes the product from the user's favourites (idempotent).
func (s *Shop) removeFavourite(ctx context.Context, userID, productID int64) error {
	if _, err := s.db.ExecContext(ctx,
		`DELETE FROM favourites WHERE user_id = ? AND product_id = ?`, userID, productID); err != nil {
		return fmt.Errorf("shop: remove favourite %d: %w", productID, err)
	}
	return nil
}

// errDuplicate reports a unique-constraint violation on the named field.
type errDuplicate struct{ Field string }

func (e errDuplicate) Error() string { return "duplicate " + e.Field }

// createUser inserts a user; a taken username or email is an errDuplicate.
func (s *Shop) createUser(ctx context.Context, username, email, hash string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `
		INSERT INTO users(username, email, password_hash, display_name, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, username, email, hash, username, formatTS(s.now())).Scan(&id)
	if err != nil {
		msg := err.Error() // SQLite: "users.username"; PostgreSQL: constraint "users_username_key"
		switch {
		case strings.Contains(msg, "users.username") || strings.Contains(msg, "users_username_key"):
			return 0, fmt.Errorf("shop: create user: %w", errDuplicate{Field: "username"})
		case strings.Contains(msg, "users.email") || strings.Contains(msg, "users_email_key"):
			return 0, fmt.Errorf("shop: create user: %w", errDuplicate{Field: "email"})
		}
		return 0, fmt.Errorf("shop: create user: %w", err)
	}
	return id, nil
}

// takenFields reports which of username and email are already in use.
func (s *Shop) takenFields(ctx context.Context, username, email string) (usernameTaken, emailTaken bool, err error) {
	err = s.db.QueryRowContext(ctx, `
		SELECT EXISTS(SELECT 1 FROM users WHERE username = ?),
		       EXISTS(SELECT 1 FROM users WHERE email = ?)`, username, email).
		Scan(&usernameTaken, &emailTaken)
	if err != nil {
		return false, false, fmt.Errorf("shop: check taken: %w", err)
	}
	return usernameTaken, emailTaken, nil
}

// userCredentials returns the id and password hash for username, or errNotFound.
func (s *Shop) userCredentials(ctx context.Context, username string) (int64, string, error) {
	var id int64
	var hash string
	err := s.db.QueryRowContext(ctx, `SELECT id, password_hash FROM users WHERE username = ?`, username).
		Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("shop: user %q: %w", username, errNotFound)
	}
	if err != nil {
		return 0, "", fmt.Errorf("shop: user credentials: %w", err)
	}
	return id, hash, nil
}

// setDisplayName changes a user's display name.
func (s *Shop) setDisplayName(ctx context.Context, userID int64, name string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE users SET display_name = ? WHERE id = ?`, name, userID); err != nil {
		return fmt.Errorf("shop: set display name: %w", err)
	}
	return nil
}
