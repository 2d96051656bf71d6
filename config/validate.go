package config

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"reflect"
	"regexp"
	"regexp/syntax"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
)

var (
	httpURLExample = "http://127.0.0.1:8080"

	maxWorkers    = 256    // each one a browser
	maxRetries    = 100    // each one a whole attempt of a failing flow
	maxRepeatEach = 100000 // a million flows of the shop's seven: days of run time
)

// validate checks the decoded values. source names the flag or variable a
// key came from ("" for the file or a default) for the message.
func validate(c *Config, source func(key string) string) error {
	bad := func(key, format string, args ...any) error {
		return &Error{Key: key, Msg: echof(format, args...) + fromSuffix(source(key))}
	}
	got := redact.Quote

	if c.BaseURL != "" && !isURL(c.BaseURL, "http", "https") {
		return bad("base_url", "expected an http(s) URL like %s, got %s", httpURLExample, got(c.BaseURL))
	}
	if err := validateApp(&c.App, bad); err != nil {
		return err
	}
	if err := validateRemote(c.Browser.Remote, bad, got); err != nil {
		return err
	}
	if c.Timeouts.Action <= 0 {
		return bad("timeouts.action", "must be greater than 0, got %q", c.Timeouts.Action.String())
	}
	if c.Timeouts.Setup <= 0 {
		return bad("timeouts.setup", "must be greater than 0, got %q", c.Timeouts.Setup.String())
	}
	if c.Timeouts.Evidence <= 0 {
		return bad("timeouts.evidence", "must be greater than 0, got %q", c.Timeouts.Evidence.String())
	}
	if strings.TrimSpace(c.Artifacts.Dir) == "" {
		return bad("artifacts.dir", "must not be empty")
	}
	if !c.Artifacts.Mode.Valid() {
		return bad("artifacts.mode", "expected one of %s; got %q", list(artifacts.Modes), c.Artifacts.Mode)
	}
	if !c.Artifacts.Trace.Valid() {
		return bad("artifacts.trace", "expected one of %s; got %q", list(artifacts.Modes), c.Artifacts.Trace)
	}
	if c.Backend.APIURL != "" && !isURL(c.Backend.APIURL, "http", "https") {
		return bad("backend.api_url", "expected an http(s) URL like %s, got %s", httpURLExample, got(c.Backend.APIURL))
	}
	if !slices.Contains(backend.Drivers, c.Backend.DB.Driver) {
		return bad("backend.db.driver", "expected one of %s, got %q", strings.Join(backend.Drivers, ", "), c.Backend.DB.Driver)
	}
	if err := validateAuth(c.Backend.Auth, bad); err != nil {
		return err
	}
	// The upper bounds are far beyond any sane run, and keep a typo from exhausting memory.
	if c.Run.Workers < 0 || c.Run.Workers > maxWorkers {
		return bad("run.workers", "expected 0 (as many as CPUs) to %d, got %d", maxWorkers, c.Run.Workers)
	}
	if c.Run.Retries < 0 || c.Run.Retries > maxRetries {
		return bad("run.retries", "expected 0 to %d, got %d", maxRetries, c.Run.Retries)
	}
	if c.Run.RepeatEach < 1 || c.Run.RepeatEach > maxRepeatEach {
		return bad("run.repeat_each", "expected 1 to %d, got %d", maxRepeatEach, c.Run.RepeatEach)
	}
	for _, re := range []struct{ key, expr string }{
		{"run.grep", c.Run.Grep},
		{"run.grep_invert", c.Run.GrepInvert},
		{"debug.pause_before", c.Debug.PauseBefore},
	} {
		if msg := checkRegexp(re.expr); msg != "" {
			return bad(re.key, "%s", msg)
		}
	}
	if c.Run.Shard != "" {
		if _, _, ok := parseShard(c.Run.Shard); !ok {
			return bad("run.shard", `expected "i/n" with 1 <= i <= n, like "1/4", got %q`, c.Run.Shard)
		}
	}
	if !attrName.MatchString(c.Locators.TestIDAttribute) {
		return bad("locators.test_id_attribute", "expected an HTML attribute name like data-testid, data-test or data-cy, got %q", c.Locators.TestIDAttribute)
	}
	if !c.Run.PinWorkers.Valid() {
		return bad("run.pin_workers", "expected one of %s; got %q", list(browser.PinModes), c.Run.PinWorkers)
	}
	if c.Run.PinWorkers == browser.PinOn && c.Browser.Remote.Kind != "" {
		return bad("run.pin_workers", "%q pins browsers e2e launches, and browser.remote.kind is %q: use auto or off", c.Run.PinWorkers, c.Browser.Remote.Kind)
	}
	if c.Run.PinWorkers == browser.PinOn && runtime.GOOS != "linux" {
		return bad("run.pin_workers", "%q works on Linux only: use auto or off", c.Run.PinWorkers)
	}
	if _, err := c.Network.Rules(); err != nil {
		return bad("network.routes", "%v", err)
	}
	if len(c.Run.Reporters) == 0 {
		return bad("run.reporters", "expected at least one of %s", list(report.ReporterNames))
	}
	for _, r := range c.Run.Reporters {
		if !r.Valid() {
			return bad("run.reporters", "expected each one of %s; got %q", list(report.ReporterNames), r)
		}
	}
	return validateAudit(c.Audit, bad)
}

// echof is fmt.Sprintf where a %q of a string is an echo of what the user gave: masked by
// shape and at most redact.MaxQuoted bytes of it (redact.Quote).
func echof(format string, args ...any) string {
	for i, a := range args {
		if v := reflect.ValueOf(a); v.Kind() == reflect.String {
			args[i] = echo(v.String())
		}
	}
	return fmt.Sprintf(format, args...)
}

// echo is a value the user gave, in a message.
type echo string

// Format writes %q as redact.Quote does, and any other verb as the text itself.
func (e echo) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = io.WriteString(f, redact.Quote(string(e)))
		return
	}
	_, _ = io.WriteString(f, string(e))
}

// validateRemote checks browser.remote.kind and browser.remote.url.
func validateRemote(r RemoteConfig, bad func(key, format string, args ...any) error, got func(string) string) error {
	switch r.Kind {
	case "":
		if r.URL != "" {
			return bad("browser.remote.url", "set, but browser.remote.kind is empty (set it to one of %s)", list(browser.RemoteKinds))
		}
		return nil
	case browser.KindCDP, browser.KindRodManager, browser.KindSelenium:
	default:
		return bad("browser.remote.kind", "expected one of %s (or empty for a local browser); got %q", list(browser.RemoteKinds), r.Kind)
	}
	if r.URL == "" {
		return bad("browser.remote.url", "required when browser.remote.kind is %q", r.Kind)
	}
	switch r.Kind {
	case browser.KindCDP:
		if !isURL(r.URL, "ws", "wss", "http", "https") && (strings.Contains(r.URL, "://") || !isHostPort(r.URL, false)) {
			return bad("browser.remote.url", "expected ws://host:9222/devtools/browser/<id>, http://host:9222 or host:9222 for kind cdp, got %s", got(r.URL))
		}
	case browser.KindRodManager:
		if !isURL(r.URL, "ws", "wss", "http", "https") {
			return bad("browser.remote.url", "expected a ws:// or http:// URL like ws://host:7317 for kind rod-manager, got %s", got(r.URL))
		}
	case browser.KindSelenium:
		if !isURL(r.URL, "http", "https") {
			return bad("browser.remote.url", "expected an http(s) URL like http://host:4444 or https://user:pass@host:4444/wd/hub for kind selenium, got %s", got(r.URL))
		}
	}
	return nil
}

// isURL reports whether s is an absolute URL with one of the schemes
// and a host name.
func isURL(s string, schemes ...string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.Hostname() == "" {
		return false
	}
	return slices.Contains(schemes, strings.ToLower(u.Scheme))
}

// isHostPort reports whether s is host:port with a numeric port. For a
// listen address the host may be empty (all interfaces) and the port 0
// (any free port).
func isHostPort(s string, listen bool) bool {
	host, port, err := net.SplitHostPort(s)
	if err != nil || (host == "" && !listen) || strings.ContainsAny(host, " /?#@") {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n <= 65535 && (n > 0 || listen)
}

// checkRegexp returns "" for a valid Go regexp, else a message.
func checkRegexp(expr string) string {
	_, err := regexp.Compile(expr)
	if err == nil {
		return ""
	}
	reason := err.Error()
	var se *syntax.Error
	if errors.As(err, &se) {
		reason = se.Code.String()
	}
	return fmt.Sprintf("expected a Go regular expression, got %s: %s", redact.Quote(expr), reason)
}

// attrName is an HTML attribute name a CSS attribute selector takes unquoted.
var attrName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.:-]*$`)

// validateAuth checks backend.auth; that the environment variable of kind header is set is
// checked when the run starts.
func validateAuth(a AuthConfig, bad func(key, format string, args ...any) error) error {
	switch a.Kind {
	case backend.AuthCookies:
	case backend.AuthStorage:
		if !a.Storage.Valid() {
			return bad("backend.auth.storage", "expected %s, got %q", OneOf(backend.StorageAreas), a.Storage)
		}
		if a.Key == "" {
			return bad("backend.auth.key", "is empty: name the localStorage or sessionStorage key that holds the token (backend.auth.kind is storage)")
		}
		if a.Header == "" {
			return bad("backend.auth.header", "is empty: name the header to send, like Authorization")
		}
		if !strings.Contains(a.Template, "{{.}}") {
			return bad("backend.auth.template", "expected a header value with {{.}} for the token, like \"Bearer {{.}}\", got %q", a.Template)
		}
	case backend.AuthHeader:
		if a.Header == "" || a.Env == "" {
			return bad("backend.auth", "kind header needs backend.auth.header (like X-API-Key) and backend.auth.env (the environment variable with its value)")
		}
	default:
		return bad("backend.auth.kind", "expected one of %s, got %q", list(backend.AuthKinds), a.Kind)
	}
	return nil
}

// list joins values with commas, for "expected one of ..." messages.
func list[T ~string](values []T) string { return strings.Join(Strings(values), ", ") }
