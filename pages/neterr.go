package pages

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-rod/rod"
)

// netReasons say in words what Chromium's network errors mean for the app under test.
var netReasons = map[string]string{
	"net::ERR_CONNECTION_REFUSED":   "connection refused: is the app running?",
	"net::ERR_CONNECTION_RESET":     "the app dropped the connection",
	"net::ERR_CONNECTION_CLOSED":    "the app closed the connection without an answer",
	"net::ERR_EMPTY_RESPONSE":       "the app closed the connection without an answer",
	"net::ERR_TIMED_OUT":            "no answer from the app",
	"net::ERR_CONNECTION_TIMED_OUT": "no answer from the app",
	"net::ERR_NAME_NOT_RESOLVED":    "the app's host name does not resolve",
	"net::ERR_ADDRESS_UNREACHABLE":  "the app's address is unreachable",
}

// explainNavigation says in words why a navigation failed, keeping Chromium's code: "connection
// refused: is the app running? (net::ERR_CONNECTION_REFUSED)". It returns nil for any other
// error.
func explainNavigation(page string, err error) error {
	var ne *rod.NavigationError
	if !errors.As(err, &ne) {
		return nil
	}
	reason := strings.TrimSpace(ne.Reason)
	if words, ok := netReasons[reason]; ok {
		return &navError{msg: fmt.Sprintf("%s: %s (%s)", page, words, reason), err: err}
	}
	return nil
}

// navError is a failed navigation said in words; it unwraps to rod's *rod.NavigationError.
type navError struct {
	msg string
	err error
}

func (e *navError) Error() string { return e.msg }
func (e *navError) Unwrap() error { return e.err }
