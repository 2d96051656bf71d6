// Package shop is the reference web shop that ships with e2e as the system
// under test: server-rendered HTML with a little inline JavaScript, a JSON
// API and a SQLite database, exactly as described in CONTRACT.md.
//
// Storage: SQLite through modernc.org/sqlite in WAL mode with a busy timeout
// and foreign keys on; every explicit transaction begins IMMEDIATE, so writes
// wait for the lock instead of failing with SQLITE_BUSY, and other processes
// may read the file (mode=ro) while the shop runs. Timestamps are stored as
// TEXT, RFC 3339 in UTC with nanoseconds (RFC3339Nano, written with a fixed
// nine-digit fraction so that text order is time order); the JSON API
// answers RFC 3339 (seconds, UTC).
//
// Cookies: shop_session (the session id, 256-bit random hex), shop_csrf
// (the double-submit CSRF token of signed-out forms) and shop_flash (a
// one-shot message); all HttpOnly, SameSite=Lax, Path=/.
package shop

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Options configure a shop.
type Options struct {
	DBPath     string       // SQLite file, or a postgres:// URL; "" = a new temporary SQLite database, removed on Close
	BcryptCost int          // 0 = bcrypt.DefaultCost
	Faults     []Fault      // test-only fault injection, see Fault
	Logger     *slog.Logger // nil = discard
}

// Shop is the reference shop: a database and the HTTP handler serving it.
type Shop struct {
	db      *store
	path    string // absolute path of the SQLite database file, or the postgres:// URL
	tempDir string // removed on Close when the shop made the database
	cost    int
	faults  []Fault
	holes   []string // test-only security holes, see holes.go
	log     *slog.Logger
	tmpl    map[string]*template.Template
	csp     string
	css     string // the style sheet, with what the holes add
	handler http.Handler
	now     func() time.Time
	bufs    sync.Pool

	// dummyHash is compared against when a login names an unknown user,
	// so that the answer takes about as long as for a wrong password.
	dummyHash func() []byte

	closing     chan struct{} // closed to release hung fault requests
	releaseOnce sync.Once
	closeOnce   sync.Once
	closeErr    error
}

// New opens (or creates) the database, migrates and seeds it (idempotent on
// an existing file) and prepares the handler.
func New(opts Options) (*Shop, error) {
	s := &Shop{
		cost:    opts.BcryptCost,
		log:     opts.Logger,
		now:     time.Now,
		closing: make(chan struct{}),
	}
	if s.cost == 0 {
		s.cost = bcrypt.DefaultCost
	}
	if s.cost < bcrypt.MinCost || s.cost > bcrypt.MaxCost {
		return nil, fmt.Errorf("shop: new: bcrypt cost %d outside %d..%d", s.cost, bcrypt.MinCost, bcrypt.MaxCost)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, f := range opts.Faults {
		f.Method = strings.ToUpper(f.Method)
		if err := f.validate(); err != nil {
			return nil, fmt.Errorf("shop: new: fault %q: %w", f.String(), err)
		}
		s.faults = append(s.faults, f)
		if f.Hole != "" {
			s.holes = append(s.holes, f.Hole)
		}
	}
	tmpl, err := parseTemplates(s.hole)
	if err != nil {
		return nil, fmt.Errorf("shop: new: %w", err)
	}
	s.tmpl = tmpl
	s.css = s.style()
	s.csp = contentSecurityPolicy(s.css)
	if s.hole(HoleXSS) {
		s.csp = xssHoleCSP
	}
	s.dummyHash = sync.OnceValue(func() []byte {
		h, err := bcrypt.GenerateFromPassword([]byte("not a real password"), s.cost)
		if err != nil {
			return nil
		}
		return h
	})

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if isPostgresDSN(opts.DBPath) {
		db, err := openPostgres(ctx, opts.DBPath)
		if err != nil {
			return nil, fmt.Errorf("shop: new: %w", err)
		}
		s.db, s.path = db, opts.DBPath
		s.handler = s.middleware(s.routes())
		return s, nil
	}
	if opts.DBPath == "" {
		dir, err := os.MkdirTemp("", "e2e-shop-*")
		if err != nil {
			return nil, fmt.Errorf("shop: new: temporary database: %w", err)
		}
		s.tempDir = dir
		s.path = filepath.Join(dir, "shop.db")
	} else {
		abs, err := filepath.Abs(opts.DBPath)
		if err != nil {
			return nil, fmt.Errorf("shop: new: database path %q: %w", opts.DBPath, err)
		}
		s.path = abs
	}
	db, err := openDB(ctx, s.path)
	if err != nil {
		if s.tempDir != "" {
			os.RemoveAll(s.tempDir)
		}
		return nil, fmt.Errorf("shop: new: %w", err)
	}
	s.db = db
	s.handler = s.middleware(s.routes())
	return s, nil
}

// Handler returns the shop's HTTP handler (faults, security headers, routes).
func (s *Shop) Handler() http.Handler { return s.handler }

// DBPath returns the absolute path of the SQLite database file, or the postgres:// URL.
func (s *Shop) DBPath() string { return s.path }

// DBDriver returns the database driver the shop runs on: "sqlite" or "postgres".
func (s *Shop) DBDriver() string { return s.db.driver }

// Close releases hung fault requests, closes the database and removes the
// temporary database if the shop made one. It is safe to call more than once.
func (s *Shop) Close() error {
	s.closeOnce.Do(func() {
		s.releaseHangs()
		var errs []error
		if err := s.db.Close(); err != nil {
			errs = append(errs, fmt.Errorf("shop: close database: %w", err))
		}
		if s.tempDir != "" {
			if err := os.RemoveAll(s.tempDir); err != nil {
				errs = append(errs, fmt.Errorf("shop: remove temporary database: %w", err))
			}
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// releaseHangs lets every request held by a Hang fault finish.
func (s *Shop) releaseHangs() { s.releaseOnce.Do(func() { close(s.closing) }) }

// routes registers every page and API endpoint.
func (s *Shop) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleCatalog)
	mux.HandleFunc("GET /products/{id}", s.handleProduct)
	mux.HandleFunc("GET /signup", s.handleSignupForm)
	mux.HandleFunc("POST /signup", s.handleSignup)
	mux.HandleFunc("GET /login", s.handleLoginForm)
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.HandleFunc("POST /logout", s.handleLogout)
	mux.HandleFunc("GET /profile", s.handleProfile)
	mux.HandleFunc("POST /profile", s.handleProfileSave)
	mux.HandleFunc("GET /favourites", s.handleFavourites)
	mux.HandleFunc("GET /users/{user_id}/favourites", s.handleUserFavourites)
	mux.HandleFunc("GET /search", s.handleSearch)
	mux.HandleFunc("GET "+DiscoveryPath, s.handleDiscovery)
	mux.HandleFunc("GET /static/banner.svg", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Write(bannerSVG)
	})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/", s.handleNotFound)

	mux.Handle("/api/health", methods{http.MethodGet: s.apiHealth})
	mux.Handle("/api/me", methods{http.MethodGet: s.apiMe})
	mux.Handle("/api/products", methods{http.MethodGet: s.apiProducts})
	mux.Handle("/api/favourites", methods{http.MethodGet: s.apiFavourites})
	mux.Handle("/api/favourites/{product_id}", methods{
		http.MethodPut:    s.apiFavouritePut,
		http.MethodDelete: s.apiFavouriteDelete,
	})
	mux.Handle("/api/users/{user_id}/favourites", methods{http.MethodGet: s.apiUserFavourites})
	mux.Handle("/api/users/{user_id}/favourites/{product_id}", methods{
		http.MethodPut:    s.apiUserFavouritePut,
		http.MethodDelete: s.apiUserFavouriteDelete,
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusNotFound, "not found")
	})
	return mux
}

// maxFormBytes bounds request bodies.
const maxFormBytes = 64 << 10

// middleware wraps the routes: recovery, security headers, logging, faults.
func (s *Shop) middleware(next http.Handler) http.Handler {
	inner := s.withFaults(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", s.csp)
		h.Set("Cache-Control", "no-store")
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		}
		rec := &statusRecorder{ResponseWriter: w}
		start := time.Now()
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("shop: panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
				if rec.status == 0 {
					s.plainError(rec, r, http.StatusInternalServerError, "internal error")
				}
			}
			if s.log.Enabled(r.Context(), slog.LevelDebug) {
				s.log.Debug("shop: request", "method", r.Method, "path", r.URL.Path,
					"status", rec.statusOr200(), "duration", time.Since(start))
			}
		}()
		inner.ServeHTTP(rec, r)
	})
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status.
func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200.
func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *statusRecorder) statusOr200() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

// methods dispatches an API path by method, answering 405 in JSON otherwise.
type methods map[string]http.HandlerFunc

// ServeHTTP implements http.Handler.
func (m methods) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := m[r.Method]; ok {
		h(w, r)
		return
	}
	allow := make([]string, 0, len(m))
	for _, k := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		if _, ok := m[k]; ok {
			allow = append(allow, k)
		}
	}
	for i, a := range allow {
		if i == 0 {
			w.Header().Set("Allow", a)
		} else {
			w.Header().Add("Allow", a)
		}
	}
	writeJSONError(w, http.StatusMethodNotAllowed, "method not allowed")
}
