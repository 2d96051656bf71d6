package shop

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// safeNext returns next when it is a local path ("/..." but not "//..." or
// "/\..."; no scheme, host, backslash or control character), otherwise "/".
func safeNext(next string) string {
	if next == "" || next[0] != '/' {
		return "/"
	}
	if len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return "/"
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' || unicode.IsSpace(c) {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return next
}

// escapeNext escapes a path (with query) for the next= parameter, keeping
// the slashes readable.
func escapeNext(p string) string {
	return strings.ReplaceAll(url.QueryEscape(p), "%2F", "/")
}

// loginURL is where a request needing a session is sent: /login?next=<path and query>.
func loginURL(r *http.Request) string {
	p := r.URL.Path
	if r.URL.RawQuery != "" {
		p += "?" + r.URL.RawQuery
	}
	return "/login?next=" + escapeNext(p)
}

// Rules from the contract.
const (
	minUsername    = 3
	maxUsername    = 32
	maxEmail       = 254
	minPassword    = 8
	maxPasswordLen = 72 // bytes: bcrypt's limit
	maxDisplayName = 64
)

// validUsername reports whether u is 3 to 32 characters of a-z 0-9 _ -.
func validUsername(u string) bool {
	if len(u) < minUsername || len(u) > maxUsername {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// validEmail reports whether e looks like an address: contains "@", no spaces.
func validEmail(e string) bool {
	if len(e) > maxEmail || !utf8.ValidString(e) {
		return false
	}
	at := strings.IndexByte(e, '@')
	if at <= 0 || at == len(e)-1 {
		return false
	}
	return strings.IndexFunc(e, func(c rune) bool { return unicode.IsSpace(c) || unicode.IsControl(c) }) < 0
}

// signupForm is what the signup form posts (passwords are never echoed).
type signupForm struct {
	Username, Email, Password, PasswordConfirm string
}

// validate returns the field errors, keyed by field name.
func (f signupForm) validate(holes ...string) map[string]string {
	errs := map[string]string{}
	if !validUsername(f.Username) && !slices.Contains(holes, HoleXSS) {
		errs["username"] = "Username must be 3 to 32 characters of a-z, 0-9, _ or -."
	}
	if !validEmail(f.Email) {
		errs["email"] = "Enter a valid email address (it must contain @)."
	}
	switch {
	case utf8.RuneCountInString(f.Password) < minPassword:
		errs["password"] = "Password must be at least 8 characters."
	case len(f.Password) > maxPasswordLen:
		errs["password"] = "Password must be at most 72 bytes."
	}
	if f.PasswordConfirm != f.Password {
		errs["password_confirm"] = "Passwords do not match."
	}
	return errs
}

// cleanDisplayName trims name and reports whether it is 1 to 64 characters.
func cleanDisplayName(name string) (string, bool) {
	name = strings.TrimSpace(name)
	if !utf8.ValidString(name) {
		return name, false
	}
	n := utf8.RuneCountInString(name)
	if n < 1 || n > maxDisplayName {
		return name, false
	}
	return name, strings.IndexFunc(name, unicode.IsControl) < 0
}
