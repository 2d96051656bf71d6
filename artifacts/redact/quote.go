package redact

import (
	"strconv"
	"unicode/utf8"
)

// MaxQuoted is how many bytes of a value an error quotes (Quote, Bound).
const MaxQuoted = 200

// Quote returns a value the user gave, quoted for an error: its secrets masked by shape
// (Value), and at most MaxQuoted bytes of it, then "…(N bytes)" with its whole length, so that
// a 50 MB flag makes a line like any other.
func Quote(s string) string {
	s = Value(s)
	if len(s) <= MaxQuoted {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:cut(s, MaxQuoted)]) + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

// Bound returns s cut to at most n bytes (on a character boundary), then "…(N bytes)" with its
// whole length: for text quoted unquoted, a response body's excerpt, a line of an error.
func Bound(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:cut(s, n)] + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

// cut is the largest index up to n that starts a character of s.
func cut(s string, n int) int {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}
