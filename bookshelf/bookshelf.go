// Package bookshelf is e2e's second reference app, a reading list built the way many real apps
// are and unlike the shop: a single-page app (one HTML page, plain JavaScript modules, hash
// routes) over a JSON API with bearer tokens kept in localStorage, no cookies, no test ids,
// soft deletes and a shelf count updated asynchronously. SQLite by default, PostgreSQL when
// given a DSN. contract.md is its contract.
package bookshelf

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

//go:embed static
var static embed.FS

// Options configure the app.
type Options struct {
	// DSN is a postgres:// URL; empty: SQLite at DBPath.
	DSN string
	// DBPath is the SQLite file; empty (and no DSN): a new temporary database, removed on Close.
	DBPath string
	// BcryptCost is the cost of password hashes; 0: bcrypt.MinCost+2 (the app is a test subject).
	BcryptCost int
	// CountDelay is how long after a shelf write users.shelf_count is brought up to date;
	// 0: 300ms.
	CountDelay time.Duration
	// LoseShelfWrites breaks the app on purpose (tests only): adding to the shelf answers
	// 200 with the book on the shelf but saves nothing.
	LoseShelfWrites bool
}

// App is the bookshelf: its database and the HTTP handler serving it.
type App struct {
	opts    Options
	db      *store
	path    string
	tempDir string
	pending sync.WaitGroup // shelf counts still to update
	closing chan struct{}
	handler http.Handler
}

// New opens the database (creating the tables and the catalogue) and builds the handler.
func New(opts Options) (*App, error) {
	if opts.BcryptCost == 0 {
		opts.BcryptCost = bcrypt.MinCost + 2
	}
	if opts.CountDelay == 0 {
		opts.CountDelay = 300 * time.Millisecond
	}
	a := &App{opts: opts, closing: make(chan struct{})}
	if opts.DSN == "" {
		a.path = opts.DBPath
		if a.path == "" {
			dir, err := os.MkdirTemp("", "bookshelf-")
			if err != nil {
				return nil, fmt.Errorf("bookshelf: temporary database: %w", err)
			}
			a.tempDir, a.path = dir, filepath.Join(dir, "bookshelf.db")
		}
		abs, err := filepath.Abs(a.path)
		if err != nil {
			return nil, fmt.Errorf("bookshelf: database %s: %w", a.path, err)
		}
		a.path = abs
	}
	db, err := openStore(context.Background(), opts.DSN, a.path)
	if err != nil {
		a.removeTemp()
		return nil, fmt.Errorf("bookshelf: database: %w", err)
	}
	a.db = db
	a.handler = a.routes()
	return a, nil
}

// Handler returns the app's HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// DB returns the driver ("sqlite" or "postgres") and DSN of the app's database, as e2e's
// backend.db takes them (the SQLite file's path, or the PostgreSQL URL).
func (a *App) DB() (driver, dsn string) {
	if a.db.driver == DriverPostgres {
		return DriverPostgres, a.opts.DSN
	}
	return DriverSQLite, a.path
}

// Close waits for the pending shelf counts and closes the database.
func (a *App) Close() error {
	close(a.closing)
	a.pending.Wait()
	err := a.db.db.Close()
	a.removeTemp()
	return err
}

func (a *App) removeTemp() {
	if a.tempDir != "" {
		_ = os.RemoveAll(a.tempDir)
	}
}

func (a *App) routes() http.Handler {
	mux := http.NewServeMux()
	files, _ := fs.Sub(static, "static")
	mux.Handle("/", http.FileServerFS(files))
	mux.HandleFunc("GET /covers/{id}", a.cover)
	mux.HandleFunc("POST /api/users", a.register)
	mux.HandleFunc("POST /api/login", a.login)
	mux.HandleFunc("POST /api/logout", a.authed(a.logout))
	mux.HandleFunc("GET /api/me", a.authed(a.me))
	mux.HandleFunc("PATCH /api/me", a.authed(a.updateMe))
	mux.HandleFunc("GET /api/books", a.books)
	mux.HandleFunc("GET /api/users/{name}", a.profile)
	mux.HandleFunc("GET /api/shelf", a.authed(a.shelf))
	mux.HandleFunc("PUT /api/shelf/{book}", a.authed(a.addToShelf))
	mux.HandleFunc("DELETE /api/shelf/{book}", a.authed(a.removeFromShelf))
	mux.HandleFunc("GET /api/books/{book}", a.book)
	mux.HandleFunc("GET /api/shelf.csv", a.authed(a.exportShelf))
	mux.HandleFunc("PUT /api/shelf/{book}/cover", a.authed(a.uploadCover))
	mux.HandleFunc("GET /covers/{name}/{id}", a.userCover)
	mux.HandleFunc("POST /api/shares", a.authed(a.share))
	mux.HandleFunc("DELETE /api/shares/{name}", a.authed(a.unshare))
	mux.HandleFunc("GET /api/shared", a.authed(a.sharedWithMe))
	mux.HandleFunc("GET /api/shared/{name}", a.authed(a.sharedShelf))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, "no such API route: "+r.Method+" "+r.URL.Path)
	})
	return secure(mux)
}

// secure sets the headers every answer carries: no caching of the API, a strict CSP (the app
// loads nothing from elsewhere), no framing.
func secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// Server is the app listening on an address.
type Server struct {
	// URL is its base URL, like http://127.0.0.1:43123.
	URL  string
	app  *App
	srv  *http.Server
	done chan struct{}
	once sync.Once
	err  error
}

// Start opens the app and serves it on addr ("": a free loopback port). It listens before
// returning, so URL is valid at once.
func Start(opts Options, addr string) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	app, err := New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		app.Close()
		return nil, fmt.Errorf("bookshelf: listen on %s: %w", addr, err)
	}
	s := &Server{URL: "http://" + ln.Addr().String(), app: app, done: make(chan struct{}),
		srv: &http.Server{Handler: app.Handler(), ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// App returns the app being served.
func (s *Server) App() *App { return s.app }

// Close shuts the server down (forcibly after 3s) and closes the app; safe to call twice.
func (s *Server) Close() error {
	s.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		var errs []error
		if err := s.srv.Shutdown(ctx); err != nil {
			errs = append(errs, s.srv.Close())
		}
		<-s.done
		errs = append(errs, s.app.Close())
		if err := errors.Join(errs...); err != nil {
			s.err = fmt.Errorf("bookshelf: close: %w", err)
		}
	})
	return s.err
}
