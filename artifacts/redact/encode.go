package redact

import (
	"bytes"
	"encoding/json"
	"html"
	"net/url"
	"strings"
)

// secretForms returns s and the forms it takes once encoded for a URL or a form body (Go's and
// browsers' escaping rules), a JSON string (with and without HTML escaping, and with escaped
// slashes) and HTML text or attributes.
func secretForms(s string) []string {
	forms := []string{
		s,
		url.QueryEscape(s),
		url.PathEscape(s),
		percentEncode(s, "-_.!~*'()", false), // encodeURIComponent
		percentEncode(s, "-_.*", true),       // browsers' application/x-www-form-urlencoded
		html.EscapeString(s),
		strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s),
		strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s),
		strings.NewReplacer("&", "&amp;", `"`, "&quot;").Replace(s),
	}
	for _, escapeHTML := range []bool{false, true} {
		j := jsonString(s, escapeHTML)
		forms = append(forms, j, strings.ReplaceAll(j, "/", `\/`))
	}
	return forms
}

// jsonString returns s as it appears between the quotes of a JSON string.
func jsonString(s string, escapeHTML bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	_ = enc.Encode(s)
	out := strings.TrimSuffix(buf.String(), "\n")
	return out[1 : len(out)-1]
}

// percentEncode escapes every byte of s but ASCII letters, digits and the bytes in keep, in
// upper-case hex; spaces become '+' when plus is set.
func percentEncode(s, keep string, plus bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte(keep, c) >= 0:
			b.WriteByte(c)
		case c == ' ' && plus:
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
