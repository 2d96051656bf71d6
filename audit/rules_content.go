package audit

import (
	"encoding/base64"
	"regexp"
	"strings"

	"github.com/e2e-dev/e2e/artifacts/har"
)

// ProbePrefix starts every probe's tag name: a probe is `"<e2e` + id + `>`, a tag that becomes
// an element when an app puts it into its markup unescaped.
const ProbePrefix = "e2e"

// Probe returns the probe for id (lower-case letters): text with a quote and a tag in it.
func Probe(id string) string { return `"<` + ProbeTag(id) + `>` }

// ProbeTag returns the element name of the probe for id.
func ProbeTag(id string) string { return ProbePrefix + strings.ToLower(id) }

// probeTagOf returns the element name inside a probe string, "" if it holds none.
func probeTagOf(probe string) string {
	i := strings.Index(probe, "<"+ProbePrefix)
	if i < 0 {
		return ""
	}
	rest := probe[i+1:]
	if j := strings.IndexByte(rest, '>'); j > 0 {
		return rest[:j]
	}
	return ""
}

// ProbeTags returns the element names of the probes, for the DOM check.
func ProbeTags(probes []string) []string {
	var out []string
	for _, p := range probes {
		if t := probeTagOf(p); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func checkReflected(in *Input, add func(where, format string, args ...any)) {
	for _, tag := range in.ProbesInDOM {
		add("page "+in.PageURL, "typed input became markup: the DOM holds a <%s> element", tag)
	}
	if len(in.Probes) == 0 {
		return
	}
	entries(in, func(e *har.Entry) {
		if !strings.Contains(e.Response.Content.MimeType, "html") {
			return
		}
		body := bodyText(e)
		for _, p := range in.Probes {
			if t := probeTagOf(p); t != "" && strings.Contains(body, "<"+t+">") {
				add(where(e), "typed input came back unescaped in the HTML: %q", "<"+t+">")
			}
		}
	})
}

// bodyText returns an entry's response body as text ("" when it was not kept).
func bodyText(e *har.Entry) string {
	c := e.Response.Content
	if c.Encoding == "base64" {
		b, err := base64.StdEncoding.DecodeString(c.Text)
		if err != nil {
			return ""
		}
		return string(b)
	}
	return c.Text
}

// leaks are the marks of stack traces and SQL in an error body.
var leaks = []struct {
	what string
	re   *regexp.Regexp
}{
	{"a Go stack trace", regexp.MustCompile(`goroutine \d+ \[[a-z ]+\]:|panic: .*\n\s*goroutine`)},
	{"a Python traceback", regexp.MustCompile(`Traceback \(most recent call last\)`)},
	{"a Java stack trace", regexp.MustCompile(`(?m)^\s*at [\w$.]+\([\w$]+\.java:\d+\)`)},
	{"a JavaScript stack trace", regexp.MustCompile(`(?m)^\s*at .+ \(.+\.[cm]?js:\d+:\d+\)`)},
	{"a .NET stack trace", regexp.MustCompile(`(?m)^\s*at [\w.]+\(.*\) in .+:line \d+`)},
	{"a PHP error", regexp.MustCompile(`(Fatal error|Warning|Parse error)</b>:.* on line <b>\d+`)},
	{"an SQL error", regexp.MustCompile(`(?i)(you have an error in your sql syntax|syntax error at or near|SQLITE_ERROR|sqlite3?: |near "[^"]*": syntax error|ORA-\d{5}|pq: |unterminated quoted string|SQLSTATE\[|mysql_fetch|ER_PARSE_ERROR)`)},
	{"an SQL statement", regexp.MustCompile(`(?i)\b(SELECT\s+[\w*, .]+\s+FROM\s+\w+|INSERT\s+INTO\s+\w+|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s+\w+)`)},
}

func checkLeakyErrors(in *Input, add func(where, format string, args ...any)) {
	entries(in, func(e *har.Entry) {
		if e.Response.Status < 400 {
			return
		}
		body := bodyText(e)
		if body == "" {
			return
		}
		for _, l := range leaks {
			if l.re.MatchString(body) {
				add(where(e), "%d response carries %s", e.Response.Status, l.what)
				return
			}
		}
	})
}
