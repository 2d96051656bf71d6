// Package redact is e2e's one secret policy and marker: what the Redactor scrubs from artifacts,
// which configured names SecretName treats as credentials, and the Redacted text that replaces
// them. It imports nothing of e2e.
package redact

import (
	"slices"
	"strings"
	"sync"
)

// Redacted replaces every value the Redactor hides.
const Redacted = "[REDACTED]"

// minSecretLen is the length under which AddSecret ignores a secret: scrubbing very short
// strings would mangle unrelated text.
const minSecretLen = 6

// Options add names to the Redactor's built-in lists. Every name is matched
// case-insensitively.
type Options struct {
	// Headers are extra header names whose values are replaced.
	Headers []string
	// QueryParams are extra URL query (and form field) names whose values are replaced.
	QueryParams []string
	// JSONKeys are extra JSON object keys (and form field names) whose values are replaced.
	JSONKeys []string
}

// builtinHeaders are the headers whose values never reach an artifact.
var builtinHeaders = []string{
	"cookie", "set-cookie", "authorization", "proxy-authorization", "x-csrf-token",
	"x-xsrf-token", "x-api-key", "x-auth-token",
}

// builtinQueryParams are the URL query parameters whose values never reach an artifact.
var builtinQueryParams = []string{
	"password", "passwd", "pwd", "token", "access_token", "refresh_token", "id_token",
	"api_key", "apikey", "key", "secret", "client_secret", "code", "session", "sid",
	"csrf_token", "signature", "sig",
}

// Redactor scrubs credentials from artifacts before they are written: header values, URL query
// values, form fields, JSON keys, HTML form values, and literal secrets the flow registered. It
// is safe for concurrent use.
type Redactor struct {
	headers map[string]bool // lower-case header names, guarded by mu (AddHeader adds to them)
	query   map[string]bool // lower-case query parameter names
	keys    map[string]bool // lower-case extra JSON keys / form fields

	mu       sync.RWMutex
	secrets  map[string]bool
	replacer *strings.Replacer // nil while there are no secrets
}

// NewRedactor returns a Redactor with the built-in rules plus the names in opts.
func NewRedactor(opts Options) *Redactor {
	r := &Redactor{
		headers: lowerSet(builtinHeaders, opts.Headers),
		query:   lowerSet(builtinQueryParams, opts.QueryParams),
		keys:    lowerSet(nil, opts.JSONKeys),
		secrets: map[string]bool{},
	}
	return r
}

func lowerSet(lists ...[]string) map[string]bool {
	m := map[string]bool{}
	for _, l := range lists {
		for _, s := range l {
			if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
				m[s] = true
			}
		}
	}
	return m
}

// AddHeader makes the values of the header name redacted from now on, as those of the
// built-in and configured headers are: for a header the flow itself sends (Tab.SetExtraHTTPHeaders)
// under a name that looks like a credential (SecretName).
func (r *Redactor) AddHeader(name string) {
	if r == nil {
		return
	}
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.headers[name] = true
}

// AddSecret registers a literal (a generated password, a session id...) to scrub from every
// artifact, together with its URL-encoded, JSON-escaped and HTML-escaped forms. Strings shorter
// than 6 characters are ignored.
func (r *Redactor) AddSecret(s string) {
	if r == nil || len(s) < minSecretLen {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.secrets[s] {
		return
	}
	r.secrets[s] = true
	r.replacer = buildReplacer(r.secrets)
}

// buildReplacer returns one replacer for every form of every secret, longest first so that a
// longer encoded form wins over a prefix of it.
func buildReplacer(secrets map[string]bool) *strings.Replacer {
	seen := map[string]bool{}
	var forms []string
	for s := range secrets {
		for _, f := range secretForms(s) {
			if len(f) >= minSecretLen && !seen[f] {
				seen[f] = true
				forms = append(forms, f)
			}
		}
	}
	slices.SortFunc(forms, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	pairs := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		pairs = append(pairs, f, Redacted)
	}
	return strings.NewReplacer(pairs...)
}

// Text scrubs the registered secrets (in any of their encoded forms) from s. Use it for console
// messages, step names and error texts.
func (r *Redactor) Text(s string) string {
	if r == nil || s == "" {
		return s
	}
	r.mu.RLock()
	rep := r.replacer
	r.mu.RUnlock()
	if rep == nil {
		return s
	}
	return rep.Replace(s)
}

// Message scrubs a text the tester wrote (a failure message, a step name, an error's details):
// the registered secrets, the values of sensitive keys in the JSON it quotes (an API's
// answer, say), and the secrets Shapes knows by their shape (a URL's password).
func (r *Redactor) Message(s string) string {
	if r == nil || s == "" {
		return s
	}
	return r.Text(Shapes(r.redactLooseJSON(s)))
}

// HasSecrets reports whether any secret is registered.
func (r *Redactor) HasSecrets() bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.replacer != nil
}

// Header returns the value to record for header name: Redacted for Cookie, Set-Cookie,
// Authorization, Proxy-Authorization, X-CSRF-Token and the configured headers; URL rules for
// Location, Referer and similar; secrets scrubbed from anything else.
func (r *Redactor) Header(name, value string) string {
	if r == nil {
		return value
	}
	lname := strings.ToLower(name)
	r.mu.RLock()
	secret := r.headers[lname]
	r.mu.RUnlock()
	if secret {
		if value == "" {
			return value
		}
		return Redacted
	}
	switch lname {
	case "location", "content-location", "referer", "origin", "link":
		return r.URL(value)
	}
	return r.Text(value)
}

// sensitiveJSONKey reports whether a JSON object key names a credential: the password*,
// passwd, pwd, secret, *secret, token*, *token, csrf*, xsrf* and authorization families, and
// the configured JSON keys.
func (r *Redactor) sensitiveJSONKey(name string) bool {
	l := strings.ToLower(name)
	return r.keys[l] || builtinSensitiveKey(l)
}

// SensitiveField reports whether a form field named name holds a credential: the JSON key rules
// plus the query parameter names (a GET form puts its fields in the query). A nil Redactor
// finds nothing sensitive.
func (r *Redactor) SensitiveField(name string) bool {
	if r == nil {
		return false
	}
	l := strings.ToLower(name)
	return r.keys[l] || r.query[l] || builtinSensitiveKey(l)
}

// sensitiveQuery reports whether the URL query parameter name holds a credential.
func (r *Redactor) sensitiveQuery(name string) bool {
	l := strings.ToLower(name)
	return r.query[l] || builtinSensitiveKey(l)
}

func builtinSensitiveKey(l string) bool {
	switch l {
	case "passwd", "pwd", "secret", "authorization", "csrf_token", "authenticity_token",
		"csrfmiddlewaretoken", "_csrf", "_token", "api_key", "apikey", "client_secret":
		return true
	}
	return strings.Contains(l, "password") ||
		strings.HasPrefix(l, "token") || strings.HasSuffix(l, "token") ||
		strings.HasPrefix(l, "csrf") || strings.HasPrefix(l, "xsrf") ||
		strings.HasSuffix(l, "_secret") || strings.HasSuffix(l, "secret")
}
