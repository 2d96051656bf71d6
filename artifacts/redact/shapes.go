package redact

import (
	"slices"
	"strings"
)

// Setting returns a value the user configured (a key's, an environment variable's, a header's)
// as e2e may print it: Redacted when its name looks secret (SecretName), else Value(value).
// name may be empty: a command, an argument.
func Setting(name, value string) string {
	if value != "" && name != "" && SecretName(name) {
		return Redacted
	}
	return Value(value)
}

// Value masks the secrets a configured value holds by their shape, whatever characters they
// hold, the value being taken as one piece (a password may hold spaces there):
//   - a URL's user info: scheme://user:password@host, the last "@" ending the password, so that
//     one pasted unencoded with "#", "/", "?" or "@" in it is masked whole; a lone
//     scheme://token@host too;
//   - a DSN's password: the URL form; key=value (libpq's password='a b', quoted or not);
//     MySQL's user:password@tcp(host)/db, and user:password@host without a scheme;
//   - the values of secret-looking query parameters (SecretName, and the Redactor's names).
//
// Where the text after a password's "@" is ambiguous, more is masked, never less.
func Value(v string) string { return mask(v, findShapes(v, true)) }

// Shapes masks the same shapes in free text (an error, a log line), where a URL ends at the
// first space: a password holding a space is masked there only when it is known (a configured
// value, or one the Redactor was told).
func Shapes(text string) string { return mask(text, findShapes(text, false)) }

// Passwords returns the secrets Value masks in v, for a Redactor to scrub wherever they appear.
func Passwords(v string) []string {
	var out []string
	for _, sp := range findShapes(v, true) {
		out = append(out, v[sp.start:sp.end])
	}
	return out
}

// span is a secret's place in a text: s[start:end].
type span struct{ start, end int }

// findShapes returns the secrets of s, sorted and merged. whole takes s as one value.
func findShapes(s string, whole bool) []span {
	if !strings.ContainsAny(s, "@=") {
		return nil
	}
	var spans, urls []span
	if whole && strings.Contains(s, "://") {
		spans, urls = urlShapes(s, 0, len(s), false)
	}
	for a, b := range tokens(s) {
		switch word := s[a:b]; {
		case strings.Contains(word, "://"):
			if !whole {
				sp, u := urlShapes(s, a, b, true)
				spans, urls = append(spans, sp...), append(urls, u...)
			}
		case strings.Contains(word, "?"): // a query without a scheme: file:app.db?_auth_pass=x
			urls = append(urls, span{a + strings.IndexByte(word, '?'), b})
		}
	}
	if whole {
		spans = append(spans, bareUserinfo(s, len(spans) > 0)...)
	} else {
		spans = append(spans, mysqlShapes(s)...)
	}
	spans = append(spans, keyValues(s, merge(urls))...)
	return merge(spans)
}

// tokens yields the bounds of each run of s without white space.
func tokens(s string) func(yield func(int, int) bool) {
	return func(yield func(int, int) bool) {
		for i := 0; i < len(s); {
			if isSpace(s[i]) {
				i++
				continue
			}
			j := i
			for j < len(s) && !isSpace(s[j]) {
				j++
			}
			if !yield(i, j) {
				return
			}
			i = j
		}
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// urlShapes finds the URLs of s[a:b]: the secret of each one's user info, and the region each
// covers (from its scheme to the first space after its host), where key=value pairs are query
// parameters. In text, host:port/path@x is no user info: an e-mail address in a URL's path or
// query is common there, and a password of digits then "/" is not.
func urlShapes(s string, a, b int, text bool) (secrets, regions []span) {
	lastAt := strings.LastIndexByte(s[a:b], '@')
	if lastAt >= 0 {
		lastAt += a
	}
	space := a // the first space at or after it, once computed
	for from := a; from < b; {
		i := strings.Index(s[from:b], "://")
		if i < 0 {
			break
		}
		i += from
		start := i
		for start > a && isSchemeChar(s[start-1]) {
			start--
		}
		p := i + 3
		host := p
		if lastAt > p {
			if sp, ok := userinfo(s, p, lastAt); ok && !(text && isPortPath(s[sp.start:sp.end])) {
				secrets = append(secrets, sp)
				host = lastAt + 1
			}
		}
		if space < host {
			space = host
			for space < b && !isSpace(s[space]) {
				space++
			}
		}
		regions = append(regions, span{start, space})
		from = host
	}
	return secrets, regions
}

// isPortPath reports whether a password candidate is rather a port and what follows it.
func isPortPath(s string) bool {
	i := 0
	for i < len(s) && i < 6 && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i > 0 && i < 6 && i < len(s) && (s[i] == '/' || s[i] == '?' || s[i] == '#')
}

func isSchemeChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
}

// userinfo returns the secret of the user info s[p:at]: the password after the user's ":", or
// a lone user name (which may be a token). It is no user info when the user holds what a user
// name cannot hold unencoded (an e-mail address as the user is fine).
func userinfo(s string, p, at int) (span, bool) {
	for i := p; i < at; i++ {
		switch c := s[i]; {
		case c == ':':
			return span{i + 1, at}, i+1 < at
		case c == '/' || c == '?' || c == '#' || isSpace(c):
			return span{}, false
		}
	}
	return span{p, at}, at > p
}

// secretParam reports whether a query parameter holds a credential: the configuration's names
// (SecretName) and the Redactor's built-in ones.
func secretParam(name string) bool {
	l := strings.ToLower(name)
	return SecretName(l) || builtinSensitiveKey(l) || slices.Contains(builtinQueryParams, l) || l == "pass"
}

// bareUserinfo finds the password of a value without "://" in it, or before it: MySQL's
// user:password@tcp(host)/db and user:password@host:port (with a password starting with "//",
// unless the value is a URL with a user info of its own), where the password ends at the last
// "@" (the driver's last "@" before the last "/" would miss a "/" in the password); and a user
// info after the last "/" of a typo such as "http//u:p@h".
func bareUserinfo(s string, urlUserinfo bool) []span {
	colon := strings.IndexByte(s, ':')
	if colon > 0 && (!strings.HasPrefix(s[colon+1:], "//") || !urlUserinfo) && !strings.ContainsAny(s[:colon], "@/?=( \t\r\n") {
		if at := strings.LastIndexByte(s, '@'); at > colon+1 {
			return []span{{colon + 1, at}}
		}
		return nil
	}
	if strings.Contains(s, "://") {
		return nil
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return nil
	}
	start := strings.LastIndexByte(s[:at], '/') + 1
	if c := strings.IndexByte(s[start:at], ':'); c > 0 && start+c+1 < at && !strings.ContainsAny(s[start:start+c], " \t\r\n") {
		return []span{{start + c + 1, at}}
	}
	return nil
}

// mysqlProtocols are the network types of MySQL's DSN, user:password@tcp(host)/db.
var mysqlProtocols = []string{"@tcp(", "@tcp4(", "@tcp6(", "@unix(", "@udp("}

// mysqlShapes finds, in free text, the passwords of MySQL DSNs: in a word holding "@tcp("
// (or another protocol), from its first ":" to the last such "@".
func mysqlShapes(s string) []span {
	if !strings.Contains(s, "@") {
		return nil
	}
	var out []span
	for a, b := range tokens(s) {
		at := mysqlAt(s[a:b])
		if at < 0 {
			continue
		}
		if c := strings.IndexByte(s[a:a+at], ':'); c >= 0 && c+1 < at {
			out = append(out, span{a + c + 1, a + at})
		}
	}
	return out
}

// mysqlAt is the index of the last "@tcp(" (or another protocol's) in s, or -1.
func mysqlAt(s string) int {
	at := -1
	for _, proto := range mysqlProtocols {
		at = max(at, strings.LastIndex(s, proto))
	}
	return at
}

// keyValues finds the values of secret-looking keys written key=value: in a URL's region, its
// query parameters (and a fragment's, #access_token=...), up to the next "&"; elsewhere
// libpq's password=secret, a form's token=..., a value quoted with ' or " up to its closing
// quote (a backslash escaping), else up to the next space. urls are sorted and disjoint.
func keyValues(s string, urls []span) []span {
	var out []span
	u := 0 // the first URL region that does not end before the "="
	for from := 0; ; {
		i := strings.IndexByte(s[from:], '=')
		if i < 0 {
			return out
		}
		eq := from + i
		from = eq + 1
		for u < len(urls) && urls[u].end <= eq {
			u++
		}
		if u < len(urls) && urls[u].start <= eq {
			name := eq
			for name > urls[u].start && !strings.ContainsRune("?&#;/", rune(s[name-1])) {
				name--
			}
			if name == eq || name == urls[u].start || !secretParam(DecodeFormComponent(s[name:eq])) {
				continue
			}
			end := eq + 1
			for end < urls[u].end && s[end] != '&' && s[end] != '#' {
				end++
			}
			if end > eq+1 {
				out = append(out, span{eq + 1, end})
			}
			continue
		}
		k := eq
		for k > 0 && (s[k-1] == ' ' || s[k-1] == '\t') {
			k--
		}
		name := k
		for name > 0 && isKeyChar(s[name-1]) {
			name--
		}
		if name == k || !secretKey(s[name:k]) {
			continue
		}
		v := eq + 1
		for v < len(s) && (s[v] == ' ' || s[v] == '\t') {
			v++
		}
		if end := valueEnd(s, v); end > v {
			out = append(out, span{v, end})
			from = end
		}
	}
}

func isKeyChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.'
}

// secretKey reports whether the key of key=value outside a URL holds a credential. "key"
// alone is none there (sort_key=name), but api_key, access_key, private_key are.
func secretKey(name string) bool {
	l := strings.ToLower(name)
	if builtinSensitiveKey(l) || l == "pass" {
		return true
	}
	for _, w := range []string{"password", "api_key", "apikey", "access_key", "accesskey", "private_key", "secret_key", "credential"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// valueEnd is the end of the value of key=value starting at v: after its closing quote when
// quoted (and whatever sticks to it), else at the next space.
func valueEnd(s string, v int) int {
	end := v
	if v < len(s) && (s[v] == '\'' || s[v] == '"') {
		q := s[v]
		end = len(s)
		for i := v + 1; i < len(s); i++ {
			if s[i] == '\\' {
				i++
				continue
			}
			if s[i] == q {
				end = i + 1
				break
			}
		}
	}
	for end < len(s) && !isSpace(s[end]) {
		end++
	}
	return end
}

// merge sorts spans and joins those that overlap or touch.
func merge(spans []span) []span {
	if len(spans) < 2 {
		return spans
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	out := spans[:1]
	for _, sp := range spans[1:] {
		last := &out[len(out)-1]
		if sp.start <= last.end {
			last.end = max(last.end, sp.end)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// mask replaces each span of s by Redacted.
func mask(s string, spans []span) string {
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		b.WriteString(Redacted)
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}
