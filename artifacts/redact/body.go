package redact

import (
	"mime"
	"strings"
)

// Body returns a request or response body of the given MIME type with credentials removed:
// in application/x-www-form-urlencoded bodies the values of password*, csrf_token, token and
// configured fields; in JSON bodies (application/json, *+json, or a text body that parses as
// JSON) the values of password*, passwd, secret, token*, csrf*, authorization and configured
// keys at any depth, keeping the document valid JSON; in HTML the HTML rules; then the secrets
// everywhere.
func (r *Redactor) Body(mimeType, body string) string {
	if r == nil || body == "" {
		return body
	}
	switch mt := BaseMIME(mimeType); {
	case mt == "application/x-www-form-urlencoded":
		return r.Text(r.redactPairs(body, r.SensitiveField))
	case IsJSONMIME(mt):
		if out, err := r.redactJSON(body); err == nil {
			return out
		}
		return r.Text(r.redactLooseJSON(body))
	case mt == "text/html" || mt == "application/xhtml+xml":
		return r.HTML(body)
	case mt == "" || mt == "text/plain" || mt == "application/octet-stream":
		if t := strings.TrimSpace(body); t != "" && (t[0] == '{' || t[0] == '[') {
			if out, err := r.redactJSON(body); err == nil {
				return out
			}
		}
	}
	return r.Text(body)
}

// BaseMIME returns the lower-case type/subtype of a Content-Type value, without parameters.
func BaseMIME(contentType string) string {
	if contentType == "" {
		return ""
	}
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// IsJSONMIME reports whether a base MIME type is JSON.
func IsJSONMIME(mt string) bool {
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json") ||
		mt == "application/x-ndjson" || mt == "application/jsonl"
}
