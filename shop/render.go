package shop

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/app.js
var appJS string

//go:embed static/style.css
var styleCSS string

//go:embed static/banner.svg
var bannerSVG []byte

// pageNames are the templates under templates/, each defining "title" and
// "content" for the shared "layout".
var pageNames = []string{"catalog", "product", "signup", "login", "profile", "favourites", "error", "search"}

// parseTemplates parses every page once, each on a clone of the layout.
//
// hole says which test-only holes the shop has: HoleXSS prints user-typed text where a page
// marks it with the "typed" function without escaping it; the templates ask for others with
// {{if hole "a11y"}}.
func parseTemplates(hole func(string) bool) (map[string]*template.Template, error) {
	typed := func(s string) any { return s }
	if hole(HoleXSS) {
		typed = func(s string) any { return template.HTML(s) } //nolint:gosec // the hole itself
	}
	funcs := template.FuncMap{"typed": typed, "hole": hole}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("shop: parse layout: %w", err)
	}
	out := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("shop: clone layout for %s: %w", name, err)
		}
		if _, err := t.ParseFS(templateFS, "templates/"+name+".html"); err != nil {
			return nil, fmt.Errorf("shop: parse template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// cspHash is the CSP source expression allowing one inline script or style.
func cspHash(content string) string {
	sum := sha256.Sum256([]byte(content))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// contentSecurityPolicy allows only the shop's own inline script and style (by hash) and
// same-origin fetches and form posts.
func contentSecurityPolicy(style string) string {
	return "default-src 'none'; script-src " + cspHash(appJS) + "; style-src " + cspHash(style) +
		"; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
}

// formTokener is a page carrying its own double-submit token, so that
// render reuses it instead of minting a second one.
type formTokener interface{ formToken() string }

// pageData is what the layout renders.
type pageData struct {
	Title   string
	Session *session // nil when signed out
	CSRF    string   // the session's token, or the double-submit token when signed out
	Flash   string
	Style   template.CSS
	Script  template.JS
	Page    any // the page's own data
}

// render executes the named page into a buffer and writes it with status.
func (s *Shop) render(w http.ResponseWriter, r *http.Request, sess *session, status int, name, title string, page any) {
	t, ok := s.tmpl[name]
	if !ok {
		s.serverError(w, r, fmt.Errorf("shop: render: no template %q", name))
		return
	}
	data := pageData{
		Title:   title,
		Session: sess,
		Flash:   takeFlash(w, r),
		Style:   template.CSS(s.css),
		Script:  template.JS(appJS),
		Page:    page,
	}
	switch p, ok := page.(formTokener); {
	case sess != nil:
		data.CSRF = sess.CSRF
	case ok && p.formToken() != "":
		data.CSRF = p.formToken()
	default:
		if tok, err := formToken(w, r); err == nil {
			data.CSRF = tok
		}
	}
	buf, _ := s.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	defer s.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		s.serverError(w, r, fmt.Errorf("shop: render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if _, err := w.Write(buf.Bytes()); err != nil {
		s.log.Debug("shop: write page", "page", name, "err", err)
	}
}

// errorPageData is the error template's data.
type errorPageData struct {
	Status     int
	StatusText string
	Message    string
}

// errorPage renders the HTML error page.
func (s *Shop) errorPage(w http.ResponseWriter, r *http.Request, sess *session, status int, msg string) {
	s.render(w, r, sess, status, "error", http.StatusText(status),
		errorPageData{Status: status, StatusText: http.StatusText(status), Message: msg})
}

// notFound renders the 404 page.
func (s *Shop) notFound(w http.ResponseWriter, r *http.Request, sess *session) {
	s.errorPage(w, r, sess, http.StatusNotFound, "There is nothing here.")
}

// csrfFailed renders the 403 page for a form with a missing or wrong token.
func (s *Shop) csrfFailed(w http.ResponseWriter, r *http.Request, sess *session) {
	s.errorPage(w, r, sess, http.StatusForbidden, "Invalid or missing CSRF token. Reload the page and try again.")
}

// serverError logs err and answers 500 (JSON under /api/).
func (s *Shop) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("shop: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	s.plainError(w, r, http.StatusInternalServerError, "internal error")
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeJSONError(w, http.StatusInternalServerError, "internal error")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// writeJSONError writes {"error": msg} with status.
func writeJSONError(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// seeOther answers 303 to a local path, verbatim (http.Redirect would clean it).
func seeOther(w http.ResponseWriter, location string) {
	w.Header().Set("Location", location)
	w.WriteHeader(http.StatusSeeOther)
}
