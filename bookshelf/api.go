package bookshelf

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// validName is what a user name may be: letters and digits only.
var validName = regexp.MustCompile(`^[A-Za-z0-9]{3,30}$`)

// User is a user as the API shows it.
type User struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	ShelfCount  int    `json:"shelf_count"`
	CreatedAt   string `json:"created_at"`
}

// send writes v as JSON with status.
func send(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// fail writes {"error": msg} with status.
func fail(w http.ResponseWriter, status int, msg string) {
	send(w, status, map[string]string{"error": msg})
}

// internal answers 500 for err.
func internal(w http.ResponseWriter, err error) {
	fail(w, http.StatusInternalServerError, "server error: "+err.Error())
}

// readJSON decodes the request's JSON body into v, answering 400 when it cannot.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(v); err != nil {
		fail(w, http.StatusBadRequest, "the body is not the JSON expected")
		return false
	}
	return true
}

func hashToken(t string) string { s := sha256.Sum256([]byte(t)); return hex.EncodeToString(s[:]) }

// authed passes the request on with its user when it carries a valid bearer token.
func (a *App) authed(h func(http.ResponseWriter, *http.Request, User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok, err := a.bearer(r)
		switch {
		case err != nil:
			internal(w, err)
		case !ok:
			w.Header().Set("WWW-Authenticate", `Bearer realm="bookshelf"`)
			fail(w, http.StatusUnauthorized, "sign in first")
		default:
			h(w, r, u)
		}
	}
}

// bearer returns the user of the request's bearer token.
func (a *App) bearer(r *http.Request) (User, bool, error) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return User{}, false, nil
	}
	u, err := a.user(r.Context(), `id = (SELECT user_id FROM tokens WHERE token_hash = ?)`, hashToken(tok))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, false, nil
	}
	return u, err == nil, err
}

// user returns the user the condition selects.
func (a *App) user(ctx context.Context, where string, arg any) (User, error) {
	var u User
	err := a.db.row(ctx, `SELECT id, name, display_name, shelf_count, created_at FROM users WHERE `+where, arg).
		Scan(&u.ID, &u.Name, &u.DisplayName, &u.ShelfCount, &u.CreatedAt)
	return u, err
}

type credentials struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

func (a *App) register(w http.ResponseWriter, r *http.Request) {
	var c credentials
	if !readJSON(w, r, &c) {
		return
	}
	if !validName.MatchString(c.Name) {
		fail(w, http.StatusUnprocessableEntity, "Names are 3 to 30 letters and digits")
		return
	}
	if len(c.Password) < 8 {
		fail(w, http.StatusUnprocessableEntity, "Passwords are at least 8 characters")
		return
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(c.Password), a.opts.BcryptCost)
	if err != nil {
		internal(w, err)
		return
	}
	var taken int
	if err := a.db.row(r.Context(), `SELECT COUNT(*) FROM users WHERE LOWER(name) = LOWER(?)`, c.Name).Scan(&taken); err != nil {
		internal(w, err)
		return
	}
	if taken > 0 {
		fail(w, http.StatusConflict, "That name is taken")
		return
	}
	if _, err := a.db.exec(r.Context(), `INSERT INTO users (name, display_name, password_hash, created_at) VALUES (?, ?, ?, ?)`,
		c.Name, c.Name, string(hash), stamp(time.Now())); err != nil {
		fail(w, http.StatusConflict, "That name is taken")
		return
	}
	u, err := a.user(r.Context(), `name = ?`, c.Name)
	if err != nil {
		internal(w, err)
		return
	}
	send(w, http.StatusCreated, u)
}

func (a *App) login(w http.ResponseWriter, r *http.Request) {
	var c credentials
	if !readJSON(w, r, &c) {
		return
	}
	var id int64
	var hash string
	err := a.db.row(r.Context(), `SELECT id, password_hash FROM users WHERE name = ?`, c.Name).Scan(&id, &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		internal(w, err)
		return
	}
	if err != nil || bcrypt.CompareHashAndPassword([]byte(hash), []byte(c.Password)) != nil {
		fail(w, http.StatusUnauthorized, "Wrong name or password")
		return
	}
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	token := hex.EncodeToString(raw)
	if _, err := a.db.exec(r.Context(), `INSERT INTO tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)`,
		hashToken(token), id, stamp(time.Now())); err != nil {
		internal(w, err)
		return
	}
	u, err := a.user(r.Context(), `id = ?`, id)
	if err != nil {
		internal(w, err)
		return
	}
	send(w, http.StatusOK, map[string]any{"token": token, "user": u})
}

func (a *App) logout(w http.ResponseWriter, r *http.Request, _ User) {
	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if _, err := a.db.exec(r.Context(), `DELETE FROM tokens WHERE token_hash = ?`, hashToken(tok)); err != nil {
		internal(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *App) me(w http.ResponseWriter, _ *http.Request, u User) { send(w, http.StatusOK, u) }

func (a *App) updateMe(w http.ResponseWriter, r *http.Request, u User) {
	var body struct {
		DisplayName string `json:"display_name"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	name := strings.TrimSpace(body.DisplayName)
	if name == "" || len([]rune(name)) > 50 {
		fail(w, http.StatusUnprocessableEntity, "Display names are 1 to 50 characters")
		return
	}
	if _, err := a.db.exec(r.Context(), `UPDATE users SET display_name = ? WHERE id = ?`, name, u.ID); err != nil {
		internal(w, err)
		return
	}
	u.DisplayName = name
	send(w, http.StatusOK, u)
}

// books answers a page of the catalogue; with a token, each book says whether it is on the
// user's shelf.
func (a *App) books(w http.ResponseWriter, r *http.Request) {
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	u, _, err := a.bearer(r)
	if err != nil {
		internal(w, err)
		return
	}
	var total int
	if err := a.db.row(r.Context(), `SELECT COUNT(*) FROM books`).Scan(&total); err != nil {
		internal(w, err)
		return
	}
	rows, err := a.db.query(r.Context(), `SELECT b.id, b.title, b.author, b.year,
		EXISTS (SELECT 1 FROM shelf s WHERE s.book_id = b.id AND s.user_id = ? AND s.removed_at IS NULL), `+coverOf+`
		FROM books b ORDER BY b.id LIMIT ? OFFSET ?`, u.ID, u.ID, PageSize, (page-1)*PageSize)
	if err != nil {
		internal(w, err)
		return
	}
	items, err := scanBooks(rows, u.Name)
	if err != nil {
		internal(w, err)
		return
	}
	send(w, http.StatusOK, map[string]any{"items": items, "page": page, "pages": (total + PageSize - 1) / PageSize, "total": total})
}

// coverOf is the column of a book's cover uploaded by the user of the query's next argument:
// its upload time, or NULL.
const coverOf = `(SELECT c.uploaded_at FROM covers c WHERE c.user_id = ? AND c.book_id = b.id)`

// scanBooks reads rows of id, title, author, year, on_shelf and coverOf, the covers being
// owner's.
func scanBooks(rows *sql.Rows, owner string) ([]Book, error) {
	defer rows.Close()
	items := []Book{}
	for rows.Next() {
		var b Book
		var uploaded sql.NullString
		if err := rows.Scan(&b.ID, &b.Title, &b.Author, &b.Year, &b.OnShelf, &uploaded); err != nil {
			return nil, err
		}
		b.CoverURL = coverURL(b.ID, owner, uploaded.String)
		items = append(items, b)
	}
	return items, rows.Err()
}

// shelfBooks returns the books on user u's shelf, newest first.
func (a *App) shelfBooks(ctx context.Context, u User) ([]Book, error) {
	rows, err := a.db.query(ctx, `SELECT b.id, b.title, b.author, b.year, TRUE, `+coverOf+` FROM shelf s JOIN books b ON b.id = s.book_id
		WHERE s.user_id = ? AND s.removed_at IS NULL ORDER BY s.added_at DESC, s.id DESC`, u.ID, u.ID)
	if err != nil {
		return nil, err
	}
	return scanBooks(rows, u.Name)
}

func (a *App) profile(w http.ResponseWriter, r *http.Request) {
	u, err := a.user(r.Context(), `name = ?`, r.PathValue("name"))
	if errors.Is(err, sql.ErrNoRows) {
		fail(w, http.StatusNotFound, "No user "+r.PathValue("name"))
		return
	}
	if err != nil {
		internal(w, err)
		return
	}
	books, err := a.shelfBooks(r.Context(), u)
	if err != nil {
		internal(w, err)
		return
	}
	send(w, http.StatusOK, map[string]any{"user": u, "books": books})
}

func (a *App) shelf(w http.ResponseWriter, r *http.Request, u User) {
	books, err := a.shelfBooks(r.Context(), u)
	if err != nil {
		internal(w, err)
		return
	}
	send(w, http.StatusOK, map[string]any{"items": books})
}

// shelfBook returns the book of the request's path as user u sees it, answering 404 when there
// is none.
func (a *App) shelfBook(w http.ResponseWriter, r *http.Request, u User) (Book, bool) {
	var b Book
	var uploaded sql.NullString
	id, err := strconv.ParseInt(r.PathValue("book"), 10, 64)
	if err == nil {
		err = a.db.row(r.Context(), `SELECT b.id, b.title, b.author, b.year,
			EXISTS (SELECT 1 FROM shelf s WHERE s.book_id = b.id AND s.user_id = ? AND s.removed_at IS NULL), `+coverOf+`
			FROM books b WHERE b.id = ?`, u.ID, u.ID, id).Scan(&b.ID, &b.Title, &b.Author, &b.Year, &b.OnShelf, &uploaded)
	}
	if errors.Is(err, sql.ErrNoRows) || (err != nil && id == 0) {
		fail(w, http.StatusNotFound, "No book "+r.PathValue("book"))
		return b, false
	}
	if err != nil {
		internal(w, err)
		return b, false
	}
	b.CoverURL = coverURL(b.ID, u.Name, uploaded.String)
	return b, true
}

// addToShelf puts the book on the shelf (idempotent) and answers it with on_shelf true.
func (a *App) addToShelf(w http.ResponseWriter, r *http.Request, u User) {
	b, ok := a.shelfBook(w, r, u)
	if !ok {
		return
	}
	if !a.opts.LoseShelfWrites {
		if _, err := a.db.exec(r.Context(), `INSERT INTO shelf (user_id, book_id, added_at)
			SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM shelf WHERE user_id = ? AND book_id = ? AND removed_at IS NULL)`,
			u.ID, b.ID, stamp(time.Now()), u.ID, b.ID); err != nil {
			internal(w, err)
			return
		}
		a.recountLater(u.ID)
	}
	b.OnShelf = true
	send(w, http.StatusOK, b)
}

// removeFromShelf takes the book off the shelf: its row gets removed_at (a soft delete).
func (a *App) removeFromShelf(w http.ResponseWriter, r *http.Request, u User) {
	b, ok := a.shelfBook(w, r, u)
	if !ok {
		return
	}
	if _, err := a.db.exec(r.Context(), `UPDATE shelf SET removed_at = ? WHERE user_id = ? AND book_id = ? AND removed_at IS NULL`,
		stamp(time.Now()), u.ID, b.ID); err != nil {
		internal(w, err)
		return
	}
	a.recountLater(u.ID)
	b.OnShelf = false
	send(w, http.StatusOK, b)
}

// recountLater brings users.shelf_count up to date after CountDelay, as a background job of
// a real app would.
func (a *App) recountLater(id int64) {
	a.pending.Add(1)
	go func() {
		defer a.pending.Done()
		select {
		case <-time.After(a.opts.CountDelay):
		case <-a.closing:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = a.db.exec(ctx, `UPDATE users SET shelf_count = (SELECT COUNT(*) FROM shelf WHERE user_id = ? AND removed_at IS NULL) WHERE id = ?`, id, id)
	}()
}

// cover answers the book's cover: an SVG with its title's initials.
func (a *App) cover(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(strings.TrimSuffix(r.PathValue("id"), ".svg"), 10, 64)
	var title string
	if err == nil {
		err = a.db.row(r.Context(), `SELECT title FROM books WHERE id = ?`, id).Scan(&title)
	}
	if err != nil {
		http.NotFound(w, r)
		return
	}
	initials := ""
	for _, word := range strings.Fields(title) {
		if len(initials) < 2 {
			initials += strings.ToUpper(string([]rune(word)[0]))
		}
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="90"><rect width="60" height="90" fill="hsl(%d,45%%,45%%)"/><text x="30" y="52" font-size="22" text-anchor="middle" fill="#fff" font-family="serif">%s</text></svg>`,
		id*47%360, htmlEscape(initials))
}

var htmlEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace
