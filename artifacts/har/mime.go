package har

import (
	"strings"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// isTextualMIME reports whether a response of this MIME type has a body worth keeping as text:
// text/*, JSON, JavaScript, XML (SVG included) and form-urlencoded.
func isTextualMIME(mimeType string) bool {
	mt := redact.BaseMIME(mimeType)
	switch {
	case mt == "":
		return false
	case strings.HasPrefix(mt, "text/"):
		return true
	case redact.IsJSONMIME(mt):
		return true
	case strings.HasSuffix(mt, "+xml") || strings.HasSuffix(mt, "/xml"):
		return true
	case strings.Contains(mt, "javascript") || strings.Contains(mt, "ecmascript"):
		return true
	}
	switch mt {
	case "application/x-www-form-urlencoded", "application/graphql", "application/x-sh",
		"application/sql", "application/x-yaml", "application/yaml", "application/toml":
		return true
	}
	return false
}
