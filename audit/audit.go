// Package audit reads what a flow attempt saw — its HAR, the page it ended on, the browser's
// page timings and its step log — for security problems and exceeded performance budgets. The
// passive rules cost no request: they look at recorded traffic and page state only. Active
// security checks that a suite calls from its flows are in audit/active.
package audit

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/report"
)

// Level is what a rule's finding does: LevelOff (the rule does not run), LevelWarn (reported)
// or LevelFail (reported, and the attempt fails).
type Level string

// The levels of audit.security.<rule> and audit.budgets.level.
const (
	LevelOff  Level = "off"
	LevelWarn Level = report.LevelWarn
	LevelFail Level = report.LevelFail
)

// Levels are the accepted levels, for config validation.
var Levels = []string{string(LevelOff), string(LevelWarn), string(LevelFail)}

// Severity ranks a rule's findings. A rule of SeverityHigh fails a flow by default; the others
// warn, so that a typical app is not failed by a hardening advice.
type Severity string

// Severities.
const (
	SeverityHigh   Severity = "high"
	SeverityMedium Severity = "medium"
	SeverityLow    Severity = "low"
)

// Rule is one passive security rule.
type Rule struct {
	// ID is the rule's key under audit.security ("session_cookies").
	ID string
	// Severity ranks it; SeverityHigh rules default to LevelFail, the others to LevelWarn.
	Severity Severity
	// Doc says in one line what the rule looks for.
	Doc   string
	check func(in *Input, add func(where, format string, args ...any))
}

// DefaultLevel is the rule's level when audit.security.<id> is not set.
func (r Rule) DefaultLevel() Level {
	if r.Severity == SeverityHigh {
		return LevelFail
	}
	return LevelWarn
}

// Rules are every passive rule, in report order.
var Rules = []Rule{
	{ID: "session_cookies", Severity: SeverityMedium, Doc: "session cookies without HttpOnly, Secure on https, or SameSite", check: checkSessionCookies},
	{ID: "secrets_in_urls", Severity: SeverityMedium, Doc: "tokens, passwords or session ids in a query string or fragment", check: checkSecretsInURLs},
	{ID: "csp", Severity: SeverityMedium, Doc: "documents without a Content-Security-Policy, or allowing 'unsafe-inline' scripts", check: checkCSP},
	{ID: "content_type_options", Severity: SeverityLow, Doc: "documents without X-Content-Type-Options: nosniff", check: checkNoSniff},
	{ID: "framing", Severity: SeverityLow, Doc: "documents that any site may frame (no frame-ancestors, no X-Frame-Options)", check: checkFraming},
	{ID: "referrer_policy", Severity: SeverityLow, Doc: "documents without a Referrer-Policy (or unsafe-url)", check: checkReferrerPolicy},
	{ID: "cors", Severity: SeverityHigh, Doc: "Access-Control-Allow-Origin: * (or null) together with credentials", check: checkCORS},
	{ID: "mixed_content", Severity: SeverityMedium, Doc: "http:// requests from https pages", check: checkMixedContent},
	{ID: "stored_tokens", Severity: SeverityLow, Doc: "passwords or long-lived tokens in localStorage", check: checkStoredTokens},
	{ID: "reflected_input", Severity: SeverityHigh, Doc: "a probe the flow typed came back as raw HTML markup (DOM or HAR)", check: checkReflected},
	{ID: "leaky_errors", Severity: SeverityMedium, Doc: "error responses carrying stack traces or SQL", check: checkLeakyErrors},
	{ID: "open_redirects", Severity: SeverityHigh, Doc: "a redirect parameter that sent the browser off-site", check: checkOpenRedirects},
}

// Input is what an attempt saw, as the rules read it.
type Input struct {
	// AppURL is the app's base URL: the header rules judge its host's documents only, not
	// another site's a flow passed through. Empty: every document.
	AppURL string
	// HAR is the attempt's traffic, redacted; nil when nothing was recorded.
	HAR *har.HAR
	// LocalStorage is the localStorage of the page the attempt ended on, by key.
	LocalStorage map[string]string
	// PageURL is the address of the page the attempt ended on.
	PageURL string
	// PageURLs are the addresses of every page the browser loaded, fragments included.
	PageURLs []string
	// Probes are the probe strings the flow typed (F.Probe).
	Probes []string
	// ProbesInDOM are the probes whose element was found in the final page's DOM: markup, not
	// text.
	ProbesInDOM []string
}

// Security runs the rules not turned off in levels (rule id -> level; a missing id means its
// default) and returns their findings, deduplicated, in rule order.
func Security(in *Input, levels map[string]Level) []report.Finding {
	var out []report.Finding
	for _, r := range Rules {
		lvl, ok := levels[r.ID]
		if !ok {
			lvl = r.DefaultLevel()
		}
		if lvl == LevelOff {
			continue
		}
		seen := map[string]bool{}
		r.check(in, func(where, format string, args ...any) {
			f := report.Finding{Rule: "security." + r.ID, Level: string(lvl), Where: where, Message: fmt.Sprintf(format, args...)}
			if k := f.Where + "\x00" + f.Message; !seen[k] {
				seen[k] = true
				out = append(out, f)
			}
		})
	}
	return out
}

// Text is security.txt: every finding on a line of its own, failing ones first.
func Text(fs []report.Finding) string {
	sorted := slices.Clone(fs)
	sort.SliceStable(sorted, func(i, j int) bool {
		return sorted[i].Level == report.LevelFail && sorted[j].Level != report.LevelFail
	})
	var b strings.Builder
	for _, f := range sorted {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// where names an entry: "GET http://host/path".
func where(e *har.Entry) string { return e.Request.Method + " " + e.Request.URL }

// header returns the first value of a response header, case-insensitively.
func header(hs []har.Header, name string) (string, bool) {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

// documents calls fn on each HTML document answered 2xx: what the header rules look at.
func documents(in *Input, fn func(e *har.Entry)) {
	if in.HAR == nil {
		return
	}
	appHost := ""
	if u, err := url.Parse(in.AppURL); err == nil {
		appHost = u.Host
	}
	for i := range in.HAR.Log.Entries {
		e := &in.HAR.Log.Entries[i]
		if appHost != "" {
			if u, err := url.Parse(e.Request.URL); err != nil || !strings.EqualFold(u.Host, appHost) {
				continue
			}
		}
		if e.ResourceType != "document" || e.Response.Status < 200 || e.Response.Status > 299 {
			continue
		}
		if !strings.Contains(e.Response.Content.MimeType, "html") {
			continue
		}
		fn(e)
	}
}

// entries calls fn on every entry of the HAR.
func entries(in *Input, fn func(e *har.Entry)) {
	if in.HAR == nil {
		return
	}
	for i := range in.HAR.Log.Entries {
		fn(&in.HAR.Log.Entries[i])
	}
}
