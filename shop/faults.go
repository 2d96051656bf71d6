package shop

import (
	"fmt"
	"html"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// Fault makes matching requests misbehave (for tests and demos of failing flows).
type Fault struct {
	Hole   string // or: a security hole the shop is built with (HoleIDOR, HoleCSRF, HoleXSS); see holes.go
	Method string // "" = any
	Path   string // a path.Match pattern, e.g. "/api/favourites/*"
	Status int    // answer this status with {"error":"injected fault"} (JSON for /api/, a plain error page otherwise)
	Hang   bool   // or: never answer until the client goes away or the shop closes
}

// String formats the fault the way ParseFault reads it.
func (f Fault) String() string {
	if f.Hole != "" {
		return holePrefix + f.Hole
	}
	var b strings.Builder
	if f.Method != "" {
		b.WriteString(f.Method + " ")
	}
	b.WriteString(f.Path + "=")
	if f.Hang {
		b.WriteString("hang")
	} else {
		b.WriteString(strconv.Itoa(f.Status))
	}
	return b.String()
}

// ParseFault parses "[METHOD ]PATTERN=STATUS|hang", e.g. "PUT /api/favourites/*=500",
// "/api/favourites=500" or "GET /profile=hang".
func ParseFault(s string) (Fault, error) {
	var f Fault
	spec := strings.TrimSpace(s)
	if hole, ok := strings.CutPrefix(spec, holePrefix); ok {
		f.Hole = strings.TrimSpace(hole)
		if err := f.validate(); err != nil {
			return Fault{}, fmt.Errorf("shop: parse fault %q: %w", s, err)
		}
		return f, nil
	}
	eq := strings.LastIndexByte(spec, '=')
	if eq < 0 {
		return f, fmt.Errorf("shop: parse fault %q: missing \"=STATUS\" or \"=hang\"", s)
	}
	target, action := strings.TrimSpace(spec[:eq]), strings.TrimSpace(spec[eq+1:])
	fields := strings.Fields(target)
	switch len(fields) {
	case 1:
		f.Path = fields[0]
	case 2:
		f.Method, f.Path = strings.ToUpper(fields[0]), fields[1]
	case 0:
		return f, fmt.Errorf("shop: parse fault %q: missing path pattern", s)
	default:
		return f, fmt.Errorf("shop: parse fault %q: want \"[METHOD ]PATH\" before \"=\", got %q", s, target)
	}
	if strings.EqualFold(action, "hang") {
		f.Hang = true
	} else {
		n, err := strconv.Atoi(action)
		if err != nil {
			return Fault{}, fmt.Errorf("shop: parse fault %q: action %q is neither a status code nor \"hang\": %w", s, action, err)
		}
		f.Status = n
	}
	if err := f.validate(); err != nil {
		return Fault{}, fmt.Errorf("shop: parse fault %q: %w", s, err)
	}
	return f, nil
}

// ParseFaults parses each rule with ParseFault.
func ParseFaults(rules []string) ([]Fault, error) {
	out := make([]Fault, 0, len(rules))
	for _, r := range rules {
		f, err := ParseFault(r)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// validate checks a fault's method, pattern and status.
func (f Fault) validate() error {
	if f.Hole != "" {
		return validHole(f.Hole)
	}
	for _, c := range f.Method {
		if c < 'A' || c > 'Z' {
			return fmt.Errorf("method %q is not an upper-case HTTP method", f.Method)
		}
	}
	if !strings.HasPrefix(f.Path, "/") {
		return fmt.Errorf("path pattern %q must start with \"/\"", f.Path)
	}
	if _, err := path.Match(f.Path, "/"); err != nil {
		return fmt.Errorf("path pattern %q: %w", f.Path, err)
	}
	if !f.Hang && (f.Status < 200 || f.Status > 599) {
		return fmt.Errorf("status %d is outside 200..599", f.Status)
	}
	return nil
}

// matches reports whether the fault applies to the request.
func (f Fault) matches(r *http.Request) bool {
	if f.Hole != "" {
		return false
	}
	if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
		return false
	}
	ok, err := path.Match(f.Path, r.URL.Path)
	return err == nil && ok
}

// withFaults answers requests matching a fault before they reach the routes.
func (s *Shop) withFaults(next http.Handler) http.Handler {
	if len(s.faults) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, f := range s.faults {
			if !f.matches(r) {
				continue
			}
			s.log.Info("shop: injected fault", "fault", f.String(), "method", r.Method, "path", r.URL.Path)
			if f.Hang {
				select {
				case <-r.Context().Done():
					return
				case <-s.closing:
					s.plainError(w, r, http.StatusServiceUnavailable, "shop closing")
					return
				}
			}
			s.plainError(w, r, f.Status, "injected fault")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// plainError answers {"error": msg} under /api/ and a minimal HTML page elsewhere.
func (s *Shop) plainError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if isAPI(r) {
		writeJSONError(w, status, msg)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if status == http.StatusNoContent || status == http.StatusNotModified {
		return
	}
	fmt.Fprintf(w, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%d %s</title></head>"+
		"<body><h1 data-testid=\"error-status\">%d %s</h1><p data-testid=\"error-message\">%s</p></body></html>\n",
		status, http.StatusText(status), status, http.StatusText(status), html.EscapeString(msg))
}

// isAPI reports whether the request is for the JSON API.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}
