package flowstate

import (
	"regexp"
	"strings"
)

var (
	testifyError   = regexp.MustCompile(`(?s)Error:\s+(.*?)(?:\n\s*(?:Test|Messages):|$)`)
	testifyMessage = regexp.MustCompile(`(?s)Messages:\s+(.*)$`)
	spaces         = regexp.MustCompile(`\s+`)
	notEqual       = regexp.MustCompile(`Not equal: expected: (.*?) actual ?: (.*?)(?: Diff: .*)?$`)
	notContain     = regexp.MustCompile(`^(.*?: )?(.*) does not contain (.*)$`)
	shouldNot      = regexp.MustCompile(`^(.*?: )?(.*) should not contain (.*)$`)
)

// testifyTrace is testify's "Error Trace:" line and its continuation lines: call sites in
// testify's and the engine's code as much as in the suite's.
var testifyTrace = regexp.MustCompile(`(?m)^\s*Error Trace:[^\n]*\n(?:\t +\t[^\n]*\n)*`)

// WithoutTrace is an assertion message without testify's trace: the failure's frames are the
// suite's own, which the runner shows instead.
func WithoutTrace(msg string) string {
	return strings.TrimSpace(testifyTrace.ReplaceAllString(msg, ""))
}

// Summarize turns an assertion message into one line: testify's "Messages" first, then its
// "Error" (what was expected against what was found), without the trace.
func Summarize(msg string) string {
	var parts []string
	if m := testifyMessage.FindStringSubmatch(msg); m != nil {
		parts = append(parts, strings.TrimSpace(m[1]))
	}
	if m := testifyError.FindStringSubmatch(msg); m != nil {
		parts = append(parts, strings.TrimSpace(m[1]))
	}
	if len(parts) == 0 {
		parts = []string{msg}
	}
	s := spaces.ReplaceAllString(strings.Join(parts, ": "), " ")
	s = notEqual.ReplaceAllString(s, "expected $1, found $2")
	s = notContain.ReplaceAllString(s, "${1}expected to contain $3, found $2")
	s = shouldNot.ReplaceAllString(s, "${1}expected not to contain $3, found $2")
	return strings.TrimSpace(s)
}
