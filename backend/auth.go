package backend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"text/template"

	"github.com/ysmood/gson"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// Auth adds the credential of an API call beyond the browser context's cookies
// (backend.auth). The cookies are always sent, as the browser would send them.
type Auth interface {
	// Apply sets the credential on req and tells secret every value it sets. note, when not
	// empty, goes into the call's step: why no credential was set.
	Apply(ctx context.Context, req *http.Request, secret func(string)) (note string, err error)
	// Header is the header Apply sets: a call that sets it itself is sent as it is.
	Header() string
}

// AuthKind says how API checks act as the flow's user (backend.auth.kind).
type AuthKind string

// The auth kinds.
const (
	AuthCookies AuthKind = "cookies" // the browser context's cookies only (the default)
	AuthStorage AuthKind = "storage" // plus a token from the page's localStorage or sessionStorage, as a header
	AuthHeader  AuthKind = "header"  // plus a static header whose value comes from an environment variable
)

// AuthKinds lists the auth kinds, in the order messages and help show them.
var AuthKinds = []AuthKind{AuthCookies, AuthStorage, AuthHeader}

// Valid reports whether k is one of AuthKinds.
func (k AuthKind) Valid() bool { return slices.Contains(AuthKinds, k) }

// StorageArea is the web storage that holds an app's token (backend.auth.storage).
type StorageArea string

// The storage areas.
const (
	StorageLocal   StorageArea = "local"   // localStorage
	StorageSession StorageArea = "session" // sessionStorage
)

// StorageAreas lists the storage areas, in the order messages and help show them.
var StorageAreas = []StorageArea{StorageLocal, StorageSession}

// Valid reports whether a is one of StorageAreas.
func (a StorageArea) Valid() bool { return slices.Contains(StorageAreas, a) }

// StorageReader reads key from the page's localStorage or sessionStorage, as area says; ok is
// false when the key has no value there.
type StorageReader func(ctx context.Context, area StorageArea, key string) (value string, ok bool, err error)

// StorageAuth sends, as a header, a token the app keeps in the page's storage: the value of
// Key, or the string at Path inside it when it holds JSON. It is read afresh at each call, so a
// login or a logout in the page is seen; no value means no header, and a note says so.
type StorageAuth struct {
	area              StorageArea
	key, path, header string
	tmpl              *template.Template
	read              StorageReader
}

// NewStorageAuth returns the storage auth of backend.auth: area (one of StorageAreas), key,
// path (dotted, e.g. "user.token"; "" for the whole value), header (e.g. "Authorization") and
// template of its value, where {{.}} is the token (e.g. "Token {{.}}", "Bearer {{.}}").
func NewStorageAuth(area StorageArea, key, path, header, tmpl string, read StorageReader) (*StorageAuth, error) {
	if !area.Valid() {
		return nil, fmt.Errorf("backend.auth.storage %q: expected %s or %s", area, StorageLocal, StorageSession)
	}
	if key == "" {
		return nil, errors.New("backend.auth.key is empty: name the storage key that holds the token")
	}
	if header == "" {
		return nil, errors.New("backend.auth.header is empty: name the header to send, like Authorization")
	}
	if _, err := AuthPath(path); err != nil {
		return nil, fmt.Errorf("backend.auth.path: %w", err)
	}
	t, err := AuthTemplate(tmpl)
	if err != nil {
		return nil, fmt.Errorf("backend.auth.template: %w", err)
	}
	return &StorageAuth{area: area, key: key, path: path, header: header, tmpl: t, read: read}, nil
}

// AuthTemplate parses backend.auth.template and executes it once on a sample token, so that a
// template that fails ({{.Foo}}: a token is a string) fails when the configuration loads, not
// at every API check.
func AuthTemplate(tmpl string) (*template.Template, error) {
	t, err := template.New("backend.auth.template").Option("missingkey=error").Parse(tmpl)
	if err != nil {
		return nil, fmt.Errorf("%s does not parse: %s", redact.Quote(tmpl), redact.Bound(err.Error(), 2*redact.MaxQuoted))
	}
	if err := t.Execute(io.Discard, "sample-token"); err != nil {
		return nil, fmt.Errorf("%s fails on a token: %s", redact.Quote(tmpl), redact.Bound(err.Error(), 2*redact.MaxQuoted))
	}
	return t, nil
}

// AuthPath parses backend.auth.path, a dotted path into the JSON a storage key holds
// (user.token, items.0.token), into gson's path; nil for "".
func AuthPath(path string) ([]any, error) {
	if path == "" {
		return nil, nil
	}
	fail := func(why string) error {
		return fmt.Errorf("expected a dotted path like user.token or items.0.token, got %s: %s", redact.Quote(path), why)
	}
	if strings.HasPrefix(path, ".") || strings.HasSuffix(path, ".") {
		return nil, fail("a dot at an end")
	}
	for seg := range strings.SplitSeq(path, ".") {
		switch {
		case seg == "":
			return nil, fail("an empty name between two dots")
		case strings.ContainsAny(seg, "[]"):
			return nil, fail(fmt.Sprintf("write %s for %s", redact.Bound(strings.NewReplacer("[", ".", "]", "").Replace(seg), 40), redact.Bound(seg, 40)))
		}
	}
	return gson.Path(path), nil
}

// Header is the header the token goes in.
func (s *StorageAuth) Header() string { return s.header }

// Apply reads the token and sets the header.
func (s *StorageAuth) Apply(ctx context.Context, req *http.Request, secret func(string)) (string, error) {
	where := fmt.Sprintf("%sStorage[%q]", s.area, s.key)
	raw, ok, err := s.read(ctx, s.area, s.key)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", where, err)
	}
	if !ok || raw == "" {
		return fmt.Sprintf("no %s header: %s has no value", s.header, where), nil
	}
	secret(raw)
	token := raw
	if s.path != "" {
		at, _ := AuthPath(s.path) // checked by NewStorageAuth
		v, found := gson.NewFrom(raw).Gets(at...)
		if !found || v.Nil() {
			return fmt.Sprintf("no %s header: %s has no %q", s.header, where, s.path), nil
		}
		token = v.String()
	}
	var b strings.Builder
	if err := s.tmpl.Execute(&b, token); err != nil {
		return "", fmt.Errorf("backend.auth.template: %w", err)
	}
	secret(token)
	secret(b.String())
	req.Header.Set(s.header, b.String())
	return "", nil
}

// HeaderAuth sends a static header, such as an API key, whose value came from the
// environment.
type HeaderAuth struct {
	name, value string
}

// NewHeaderAuth returns the header auth of backend.auth: header name, value from the
// environment variable env.
func NewHeaderAuth(name, env string) (*HeaderAuth, error) {
	if name == "" {
		return nil, errors.New("backend.auth.header is empty: name the header to send, like X-API-Key")
	}
	if env == "" {
		return nil, errors.New("backend.auth.env is empty: name the environment variable that holds the header's value")
	}
	v, ok := os.LookupEnv(env)
	if !ok || v == "" {
		return nil, fmt.Errorf("backend.auth.env: $%s is not set: export it with the value of the %s header", env, name)
	}
	return &HeaderAuth{name: name, value: v}, nil
}

// Header is the header it sets.
func (h *HeaderAuth) Header() string { return h.name }

// Apply sets the header.
func (h *HeaderAuth) Apply(_ context.Context, req *http.Request, secret func(string)) (string, error) {
	secret(h.value)
	req.Header.Set(h.name, h.value)
	return "", nil
}
