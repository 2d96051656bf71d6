package browser

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
)

// SetupError is a failure to set up a remote browser (kind cdp, rod-manager or selenium): the
// remote is unreachable, refuses the request, has no matching browser, or does not answer in
// time. Its text is one line that names what was wrong and how to fix it, without credentials.
// The CLI maps it to exit code 2 (a setup problem, not a failing flow); find it with errors.As.
type SetupError struct {
	// Err is the underlying failure.
	Err error
}

// Error returns the one-line description of the failure.
func (e *SetupError) Error() string {
	if e == nil || e.Err == nil {
		return "remote browser setup failed"
	}
	return e.Err.Error()
}

// Unwrap returns the underlying failure.
func (e *SetupError) Unwrap() error { return e.Err }

// setupErrorf returns a *SetupError whose text is the formatted one-line message; %w verbs wrap
// as with fmt.Errorf.
func setupErrorf(format string, args ...any) error {
	return &SetupError{Err: oneLineError{fmt.Errorf(format, args...)}}
}

// oneLineError prints its error on one line and keeps it for errors.Is/As.
type oneLineError struct{ err error }

func (e oneLineError) Error() string { return oneLine(e.err.Error()) }
func (e oneLineError) Unwrap() error { return e.err }

// unreachableError is a remote that could not be reached at all; its text is
// "unreachable (connection refused)" and the like, without the URL.
type unreachableError struct {
	reason string
	err    error
}

func (e *unreachableError) Error() string { return "unreachable (" + e.reason + ")" }
func (e *unreachableError) Unwrap() error { return e.err }

// asUnreachable returns err as an *unreachableError when it is a network failure.
func asUnreachable(err error) error {
	if reason := netReason(err); reason != "" {
		return &unreachableError{reason: reason, err: err}
	}
	return err
}

// redactedError prints a text from which secrets were removed, and unwraps to the original.
type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }

// redactErr returns err with every occurrence of the given secrets (raw URLs, passwords, tokens)
// in its text replaced by their redacted forms (pairs of old, new).
func redactErr(err error, oldnew ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	for i := 0; i+1 < len(oldnew); i += 2 {
		if oldnew[i] != "" {
			msg = strings.ReplaceAll(msg, oldnew[i], oldnew[i+1])
		}
	}
	if msg == err.Error() {
		return err
	}
	return redactedError{msg: msg, err: err}
}

// oneLine joins s onto one line: line breaks become "; " and runs of blanks one space.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	var parts []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, "; ")
}

// firstLineOf returns the first non-blank line of s, at most max runes long.
func firstLineOf(s string, max int) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			if r := []rune(l); len(r) > max {
				l = string(r[:max]) + "…"
			}
			return l
		}
	}
	return ""
}

// netReason describes why a request to a remote failed, briefly and without the URL: "connection
// refused", "no such host", "timed out", ... It returns "" when err is not a network failure.
func netReason(err error) string {
	var dns *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "no route to host"
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return "no such host " + dns.Name
		}
		return "DNS lookup of " + dns.Name + " failed"
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return "timed out"
	}
	var op *net.OpError
	if errors.As(err, &op) {
		if op.Err != nil {
			return op.Err.Error()
		}
		return op.Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return ""
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
