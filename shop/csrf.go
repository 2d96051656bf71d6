package shop

import (
	"crypto/subtle"
	"net/http"
)

// CSRF protection comes in two kinds:
//   - signed in: the session row's csrf_token, in the <meta name="csrf-token">
//     of every page, the hidden csrf_token field of every form and the
//     X-CSRF-Token header of API calls;
//   - signed out (the signup and login forms): a double-submit token, a random
//     HttpOnly cookie shop_csrf echoed in the hidden field and the meta tag.

// csrfField is the hidden form field holding the token.
const csrfField = "csrf_token"

// csrfHeader is the request header API calls carry the token in.
const csrfHeader = "X-CSRF-Token"

// tokensEqual compares a presented token with the expected one in constant time.
func tokensEqual(expected, got string) bool {
	if expected == "" || got == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(expected), []byte(got)) == 1
}

// formToken returns the double-submit token of the visitor, setting a new
// shop_csrf cookie when there is none (or it is malformed).
func formToken(w http.ResponseWriter, r *http.Request) (string, error) {
	if c, err := r.Cookie(csrfCookie); err == nil && isToken(c.Value) {
		return c.Value, nil
	}
	tok, err := randomHex(32)
	if err != nil {
		return "", err
	}
	http.SetCookie(w, &http.Cookie{
		Name: csrfCookie, Value: tok, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
	return tok, nil
}

// validDoubleSubmit reports whether the form's csrf_token matches the shop_csrf cookie.
// The form must have been parsed.
func validDoubleSubmit(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || !isToken(c.Value) {
		return false
	}
	return tokensEqual(c.Value, r.PostFormValue(csrfField))
}

// validSessionForm reports whether the form's csrf_token matches the session's token.
func validSessionForm(r *http.Request, sess *session) bool {
	return sess != nil && tokensEqual(sess.CSRF, r.PostFormValue(csrfField))
}

// validSessionHeader reports whether the X-CSRF-Token header matches the session's token.
func validSessionHeader(r *http.Request, sess *session) bool {
	return sess != nil && tokensEqual(sess.CSRF, r.Header.Get(csrfHeader))
}
