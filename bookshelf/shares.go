package bookshelf

import (
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"time"
)

// share lets a friend see the user's shelf live: POST /api/shares {name}.
func (a *App) share(w http.ResponseWriter, r *http.Request, u User) {
	var body struct {
		Name string `json:"name"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	friend, ok := a.namedUser(w, r, strings.TrimPrefix(strings.TrimSpace(body.Name), "@"))
	if !ok {
		return
	}
	if friend.ID == u.ID {
		fail(w, http.StatusUnprocessableEntity, "You cannot share your shelf with yourself")
		return
	}
	res, err := a.db.exec(r.Context(), `INSERT INTO shares (owner_id, friend_id, created_at)
		SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM shares WHERE owner_id = ? AND friend_id = ?)`,
		u.ID, friend.ID, stamp(time.Now()), u.ID, friend.ID)
	if err != nil {
		internal(w, err)
		return
	}
	status := http.StatusCreated
	if n, _ := res.RowsAffected(); n == 0 {
		status = http.StatusOK
	}
	send(w, status, map[string]any{"owner": u, "friend": friend})
}

// unshare stops sharing the user's shelf with a friend: DELETE /api/shares/NAME.
func (a *App) unshare(w http.ResponseWriter, r *http.Request, u User) {
	friend, ok := a.namedUser(w, r, r.PathValue("name"))
	if !ok {
		return
	}
	if _, err := a.db.exec(r.Context(), `DELETE FROM shares WHERE owner_id = ? AND friend_id = ?`, u.ID, friend.ID); err != nil {
		internal(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// sharedWithMe lists the users who share their shelf with the user, by name.
func (a *App) sharedWithMe(w http.ResponseWriter, r *http.Request, u User) {
	rows, err := a.db.query(r.Context(), `SELECT o.id, o.name, o.display_name, o.shelf_count, o.created_at
		FROM shares s JOIN users o ON o.id = s.owner_id WHERE s.friend_id = ? ORDER BY o.name`, u.ID)
	if err != nil {
		internal(w, err)
		return
	}
	defer rows.Close()
	items := []User{}
	for rows.Next() {
		var o User
		if err := rows.Scan(&o.ID, &o.Name, &o.DisplayName, &o.ShelfCount, &o.CreatedAt); err != nil {
			internal(w, err)
			return
		}
		items = append(items, o)
	}
	if err := rows.Err(); err != nil {
		internal(w, err)
		return
	}
	send(w, http.StatusOK, map[string]any{"items": items})
}

// sharedShelf answers a shelf its owner shared with the user: {user, books}, their covers
// included.
func (a *App) sharedShelf(w http.ResponseWriter, r *http.Request, u User) {
	owner, ok := a.namedUser(w, r, r.PathValue("name"))
	if !ok {
		return
	}
	var n int
	if err := a.db.row(r.Context(), `SELECT COUNT(*) FROM shares WHERE owner_id = ? AND friend_id = ?`, owner.ID, u.ID).Scan(&n); err != nil {
		internal(w, err)
		return
	}
	if n == 0 && owner.ID != u.ID {
		fail(w, http.StatusForbidden, owner.Name+" has not shared their shelf with you")
		return
	}
	books, err := a.shelfBooks(r.Context(), owner)
	if err != nil {
		internal(w, err)
		return
	}
	send(w, http.StatusOK, map[string]any{"user": owner, "books": books})
}

// namedUser returns the user called name, answering 404 when there is none.
func (a *App) namedUser(w http.ResponseWriter, r *http.Request, name string) (User, bool) {
	u, err := a.user(r.Context(), `name = ?`, name)
	if errors.Is(err, sql.ErrNoRows) {
		fail(w, http.StatusNotFound, "No user "+name)
		return u, false
	}
	if err != nil {
		internal(w, err)
		return u, false
	}
	return u, true
}
