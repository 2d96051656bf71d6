package redact

import (
	"net/url"
	"strings"
)

// URL returns raw with the values of credential query parameters (password, token, code, sid,
// signature... and the configured names) replaced, in the query and in a fragment shaped like a
// query (OAuth's #access_token=...), a password in the user info replaced, and the secrets
// scrubbed. Everything else keeps its original spelling.
func (r *Redactor) URL(raw string) string {
	if r == nil || raw == "" {
		return raw
	}
	out := raw
	if strings.ContainsAny(out, "?#@") {
		out = r.urlParts(out)
	}
	return r.Text(out)
}

func (r *Redactor) urlParts(raw string) string {
	rest, frag, hasFrag := strings.Cut(raw, "#")
	base, query, hasQuery := strings.Cut(rest, "?")
	base = redactUserInfo(base)
	var b strings.Builder
	b.Grow(len(raw) + 16)
	b.WriteString(base)
	if hasQuery {
		b.WriteByte('?')
		b.WriteString(r.redactPairs(query, r.sensitiveQuery))
	}
	if hasFrag {
		b.WriteByte('#')
		if strings.Contains(frag, "=") {
			frag = r.redactPairs(frag, r.sensitiveQuery)
		}
		b.WriteString(frag)
	}
	return b.String()
}

// redactUserInfo replaces the password of scheme://user:password@host.
func redactUserInfo(base string) string {
	scheme, rest, ok := strings.Cut(base, "://")
	if !ok {
		return base
	}
	host := rest
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		host = rest[:i]
	}
	at := strings.LastIndexByte(host, '@')
	if at < 0 {
		return base
	}
	user, _, hasPass := strings.Cut(host[:at], ":")
	if !hasPass {
		return base
	}
	return scheme + "://" + user + ":" + Redacted + rest[at:]
}

// redactPairs rewrites an &-separated list of name=value pairs, replacing the value of every
// pair whose decoded name is sensitive. Other pairs keep their exact bytes.
func (r *Redactor) redactPairs(s string, sensitive func(string) bool) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	first := true
	for pair := range strings.SplitSeq(s, "&") {
		if !first {
			b.WriteByte('&')
		}
		first = false
		name, value, hasValue := strings.Cut(pair, "=")
		if hasValue && value != "" && sensitive(DecodeFormComponent(name)) {
			b.WriteString(name)
			b.WriteByte('=')
			b.WriteString(Redacted)
			continue
		}
		b.WriteString(pair)
	}
	return b.String()
}

// DecodeFormComponent decodes a query or form component, or returns it as it is when it is not
// validly escaped.
func DecodeFormComponent(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}

// QueryValue returns the value to record for a parsed query parameter.
func (r *Redactor) QueryValue(name, value string) string {
	if r == nil {
		return value
	}
	if value != "" && r.sensitiveQuery(name) {
		return Redacted
	}
	return r.Text(value)
}

// FormValue returns the value to record for a parsed form field.
func (r *Redactor) FormValue(name, value string) string {
	if r == nil {
		return value
	}
	if value != "" && r.SensitiveField(name) {
		return Redacted
	}
	return r.Text(value)
}
