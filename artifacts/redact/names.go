package redact

import "strings"

// secretWords mark a name (a configuration key, a capability, a header, a URL query parameter of
// a configured URL) as holding a credential, matched case-insensitively as substrings. "key"
// covers apikey, api_key, accesskey and access_key.
var secretWords = []string{"token", "secret", "password", "passwd", "auth", "key", "credential", "cookie", "session"}

// SecretName reports whether a name the user configured (a capability, a header, a query
// parameter of base_url or browser.remote.url) looks like it holds a credential. It is the
// policy of the configuration and of remote-browser errors; artifacts apply the Redactor's
// narrower, exact rules to the names the app under test chose, so that an "author" field
// survives in a HAR.
func SecretName(name string) bool {
	lower := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
