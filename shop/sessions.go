package shop

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Cookie names.
const (
	sessionCookie = "shop_session" // the session id
	csrfCookie    = "shop_csrf"    // double-submit CSRF token for signed-out forms
	flashCookie   = "shop_flash"   // one-shot message shown on the next page
)

// sessionTTL is how long a session lives.
const sessionTTL = 24 * time.Hour

// session is a signed-in visitor: the session row joined with its user.
type session struct {
	ID   string
	CSRF string
	User user
}

// randomHex returns n random bytes, hex encoded.
func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("shop: random: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// isToken reports whether s looks like a token made by randomHex(32).
func isToken(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// currentSession returns the request's live session, or nil when signed out
// (no cookie, or a cookie for a deleted or expired session).
func (s *Shop) currentSession(r *http.Request) (*session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || !isToken(c.Value) {
		return nil, nil
	}
	var sess session
	var created string
	err = s.db.QueryRowContext(r.Context(), `
		SELECT s.id, s.csrf_token, u.id, u.username, u.email, u.display_name, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id = ? AND s.expires_at > ?`, c.Value, formatTS(s.now())).
		Scan(&sess.ID, &sess.CSRF, &sess.User.ID, &sess.User.Username, &sess.User.Email,
			&sess.User.DisplayName, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("shop: load session: %w", err)
	}
	if sess.User.CreatedAt, err = parseTS(created); err != nil {
		return nil, fmt.Errorf("shop: load session: %w", err)
	}
	return &sess, nil
}

// createSession starts a new session for the user, replacing the request's
// old one if any (a fresh id on every sign-in: no fixation), and sets the cookie.
func (s *Shop) createSession(ctx context.Context, w http.ResponseWriter, r *http.Request, userID int64) error {
	id, err := randomHex(32)
	if err != nil {
		return fmt.Errorf("shop: create session: %w", err)
	}
	token, err := randomHex(32)
	if err != nil {
		return fmt.Errorf("shop: create session: %w", err)
	}
	now := s.now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("shop: create session: begin: %w", err)
	}
	defer tx.Rollback()
	if old, err := r.Cookie(sessionCookie); err == nil && isToken(old.Value) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, old.Value); err != nil {
			return fmt.Errorf("shop: create session: drop old: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, formatTS(now)); err != nil {
		return fmt.Errorf("shop: create session: drop expired: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO sessions(id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		id, userID, token, formatTS(now), formatTS(now.Add(sessionTTL))); err != nil {
		return fmt.Errorf("shop: create session: insert: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("shop: create session: commit: %w", err)
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/",
		Expires: now.Add(sessionTTL), MaxAge: int(sessionTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// deleteSession ends the session server side and clears the cookie.
func (s *Shop) deleteSession(ctx context.Context, w http.ResponseWriter, id string) error {
	clearCookie(w, sessionCookie)
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, id); err != nil {
		return fmt.Errorf("shop: delete session: %w", err)
	}
	return nil
}

// clearCookie tells the browser to drop the named cookie.
func clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
}

// setFlash stores a one-shot message for the next page.
func setFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{
		Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(msg)), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
}

// takeFlash reads and clears the one-shot message, if any.
func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	clearCookie(w, flashCookie)
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || len(b) > 200 {
		return ""
	}
	return string(b)
}
