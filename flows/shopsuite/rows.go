package shopsuite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/flows"
)

// shopRows are the shop's row probes, written on the engine's generic backend.Probe.Query.
type shopRows struct{ p *backend.Probe }

// rows returns the shop's row probes of the flow's database probe.
func rows(f *flows.F) shopRows { return shopRows{p: f.DB} }

// UserRow is a row of users.
type UserRow struct {
	ID           int64
	Username     string
	Email        string
	PasswordHash string
	DisplayName  string
	CreatedAt    string
}

// User returns the users row of username, or nil when there is none. The password hash is a
// secret of the run.
func (r shopRows) User(ctx context.Context, username string) (*UserRow, error) {
	var u *UserRow
	err := r.p.Query(ctx, fmt.Sprintf("users row of %q", username), func(rs *sql.Rows) error {
		row := UserRow{}
		if err := rs.Scan(&row.ID, &row.Username, &row.Email, &row.PasswordHash, &row.DisplayName, &row.CreatedAt); err != nil {
			return err
		}
		r.p.Secret(row.PasswordHash)
		u = &row
		return nil
	}, `SELECT id, username, email, password_hash, display_name, created_at FROM users WHERE username = ?`, username)
	return u, err
}

// SessionRow is a row of sessions.
type SessionRow struct {
	ID        string
	UserID    int64
	CreatedAt string
	ExpiresAt string
}

// Sessions returns the sessions rows of user id, newest first. Session ids are secrets of the
// run.
func (r shopRows) Sessions(ctx context.Context, userID int64) ([]SessionRow, error) {
	var out []SessionRow
	err := r.p.Query(ctx, fmt.Sprintf("sessions rows of user %d", userID), func(rs *sql.Rows) error {
		var s SessionRow
		if err := rs.Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.ExpiresAt); err != nil {
			return err
		}
		r.p.Secret(s.ID)
		out = append(out, s)
		return nil
	}, `SELECT id, user_id, created_at, expires_at FROM sessions WHERE user_id = ? ORDER BY created_at DESC`, userID)
	return out, err
}

// FavouriteRow is a row of favourites.
type FavouriteRow struct {
	ProductID int64
	AddedAt   string
}

// Favourites returns the favourites rows of user id, newest first.
func (r shopRows) Favourites(ctx context.Context, userID int64) ([]FavouriteRow, error) {
	var out []FavouriteRow
	tiebreak := "rowid DESC" // the shop's order on SQLite: the later insert first
	if r.p.Driver() != backend.DriverSQLite {
		tiebreak = "product_id DESC" // as the shop orders them where there is no rowid
	}
	err := r.p.Query(ctx, fmt.Sprintf("favourites rows of user %d", userID), func(rs *sql.Rows) error {
		var fr FavouriteRow
		if err := rs.Scan(&fr.ProductID, &fr.AddedAt); err != nil {
			return err
		}
		out = append(out, fr)
		return nil
	}, `SELECT product_id, added_at FROM favourites WHERE user_id = ? ORDER BY added_at DESC, `+tiebreak, userID)
	return out, err
}
