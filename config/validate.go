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
	"github.com/e2e-dev/e2e/internal/visual"
)

var (
	httpURLExample = "http://127.0.0.1:8080"

	maxWorkers    = 256    // each one a browser
	maxRetries    = 100    // each one a whole attempt of a failing flow
	maxRepeatEach = 100000 // a million flows of the shop's seven: days of run time
)

// validate checks the decoded values. source names the flag or variable a
// key came from ("" for the file or a default) for the message. Of several
// mistakes it returns the first in the schema's order.
func validate(c *Config, source func(key string) string) error {
	bad := func(key, format string, args ...any) error {
		return &Error{Key: key, Msg: echof(format, args...) + fromSuffix(source(key))}
	}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	got := redact.Quote

	if c.BaseURL != "" && !isURL(c.BaseURL, "http", "https") {
		add(bad("base_url", "expected an http(s) URL like %s, got %s%s", httpURLExample, got(c.BaseURL), portHint(c.BaseURL)))
	}
	add(validateApp(&c.App, bad))
	add(validateRemote(c.Browser.Remote, bad, got))
	if c.Timeouts.Action <= 0 {
		add(bad("timeouts.action", "must be greater than 0, got %q", c.Timeouts.Action.String()))
	}
	if c.Timeouts.Setup <= 0 {
		add(bad("timeouts.setup", "must be greater than 0, got %q", c.Timeouts.Setup.String()))
	}
	if c.Timeouts.Evidence <= 0 {
		add(bad("timeouts.evidence", "must be greater than 0, got %q", c.Timeouts.Evidence.String()))
	}
	if strings.TrimSpace(c.Artifacts.Dir) == "" {
		add(bad("artifacts.dir", "must not be empty"))
	}
	if !c.Artifacts.Mode.Valid() {
		add(bad("artifacts.mode", "expected one of %s; got %q", list(artifacts.Modes), c.Artifacts.Mode))
	}
	if !c.Artifacts.Trace.Valid() {
		add(bad("artifacts.trace", "expected one of %s; got %q", list(artifacts.Modes), c.Artifacts.Trace))
	}
	if c.Backend.APIURL != "" && !isURL(c.Backend.APIURL, "http", "https") {
		add(bad("backend.api_url", "expected an http(s) URL like %s, got %s%s", httpURLExample, got(c.Backend.APIURL), portHint(c.Backend.APIURL)))
	}
	if !slices.Contains(backend.Drivers, c.Backend.DB.Driver) {
		add(bad("backend.db.driver", "expected one of %s, got %q", strings.Join(backend.Drivers, ", "), c.Backend.DB.Driver))
	}
	add(validateAuth(c.Backend.Auth, bad))
	// The upper bounds are far beyond any sane run, and keep a typo from exhausting memory.
	if c.Run.Workers < 0 || c.Run.Workers > maxWorkers {
		add(bad("run.workers", "expected 0 (as many as CPUs) to %d, got %d", maxWorkers, c.Run.Workers))
	}
	if c.Run.Retries < 0 || c.Run.Retries > maxRetries {
		add(bad("run.retries", "expected 0 to %d, got %d", maxRetries, c.Run.Retries))
	}
	if c.Run.RepeatEach < 1 || c.Run.RepeatEach > maxRepeatEach {
		add(bad("run.repeat_each", "expected 1 to %d, got %d", maxRepeatEach, c.Run.RepeatEach))
	}
	if c.Run.MaxFailures < 0 {
		add(bad("run.max_failures", "expected 0 (never stop) or more, got %d", c.Run.MaxFailures))
	}
	if c.Run.GlobalTimeout < 0 {
		add(bad("run.global_timeout", "expected 0 (none) or a duration like 30m, got %q", c.Run.GlobalTimeout.String()))
	}
	for _, re := range []struct{ key, expr string }{
		{"run.grep", c.Run.Grep},
		{"run.grep_invert", c.Run.GrepInvert},
		{"debug.pause_before", c.Debug.PauseBefore},
	} {
		if msg := checkRegexp(re.expr); msg != "" {
			add(bad(re.key, "%s", msg))
		}
	}
	if c.Run.Shard != "" {
		if _, _, ok := parseShard(c.Run.Shard); !ok {
			add(bad("run.shard", `expected "i/n" with 1 <= i <= n, like "1/4", got %q`, c.Run.Shard))
		}
	}
	if !attrName.MatchString(c.Locators.TestIDAttribute) {
		add(bad("locators.test_id_attribute", "expected an HTML attribute name like data-testid, data-test or data-cy, got %q", c.Locators.TestIDAttribute))
	}
	switch {
	case !c.Run.PinWorkers.Valid():
		add(bad("run.pin_workers", "expected one of %s; got %q", list(browser.PinModes), c.Run.PinWorkers))
	case c.Run.PinWorkers == browser.PinOn && c.Browser.Remote.Kind != "":
		add(bad("run.pin_workers", "%q pins browsers e2e launches, and browser.remote.kind is %q: use auto or off", c.Run.PinWorkers, c.Browser.Remote.Kind))
	case c.Run.PinWorkers == browser.PinOn && runtime.GOOS != "linux":
		add(bad("run.pin_workers", "%q works on Linux only: use auto or off", c.Run.PinWorkers))
	}
	if err := validateProjects(c, bad); err != nil {
		return err
	}
	if _, err := c.Network.Rules(); err != nil {
		add(bad("network.routes", "%v", err))
	}
	if len(c.Run.Reporters) == 0 {
		add(bad("run.reporters", "expected at least one of %s", list(report.ReporterNames)))
	}
	for _, r := range c.Run.Reporters {
		if !r.Valid() {
			add(bad("run.reporters", "expected each one of %s; got %q", list(report.ReporterNames), r))
			break
		}
	}
	if strings.TrimSpace(c.Snapshots.Dir) == "" {
		add(bad("snapshots.dir", "must not be empty"))
	}
	if !c.Snapshots.Update.Valid() {
		add(bad("snapshots.update", "expected one of %s; got %q", strings.Join(visual.Updates, ", "), c.Snapshots.Update))
	}
	if t := c.Snapshots.Threshold; t <= 0 || t > 1 {
		add(bad("snapshots.threshold", "expected a colour distance above 0 and at most 1, like 0.2; got %g", t))
	}
	if c.Snapshots.MaxDiffPixels < 0 {
		add(bad("snapshots.max_diff_pixels", "expected 0 or more pixels; got %d", c.Snapshots.MaxDiffPixels))
	}
	if r := c.Snapshots.MaxDiffPixelRatio; r < 0 || r > 1 {
		add(bad("snapshots.max_diff_pixel_ratio", "expected a share from 0 to 1, like 0.01; got %g", r))
	}
	add(validateAudit(c.Audit, bad))
	return firstInSchema(errs)
}

// firstInSchema returns, of several mistakes, the one whose key comes first in the schema (the
// first of those on one key): the same error every time, whatever the order of the checks.
func firstInSchema(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	rank := func(err error) int {
		var e *Error
		if errors.As(err, &e) {
			if r, ok := keyRank[e.Key]; ok {
				return r
			}
			for k := e.Key; strings.Contains(k, "."); { // a key of a map, like audit.security.x
				k = k[:strings.LastIndex(k, ".")]
				if r, ok := keyRank[k]; ok {
					return r
				}
			}
		}
		return -1 // the file as a whole
	}
	return slices.MinFunc(errs, func(a, b error) int { return rank(a) - rank(b) })
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
			return bad("browser.remote.url", "expected ws://host:9222/devtools/browser/<id>, http://host:9222 or host:9222 for kind cdp, got %s%s", got(r.URL), portHint(r.URL))
		}
	case browser.KindRodManager:
		if !isURL(r.URL, "ws", "wss", "http", "https") {
			return bad("browser.remote.url", "expected a ws:// or http:// URL like ws://host:7317 for kind rod-manager, got %s%s", got(r.URL), portHint(r.URL))
		}
	case browser.KindSelenium:
		if !isURL(r.URL, "http", "https") {
			return bad("browser.remote.url", "expected an http(s) URL like http://host:4444 or https://user:pass@host:4444/wd/hub for kind selenium, got %s%s", got(r.URL), portHint(r.URL))
		}
	}
	return nil
}

// isURL reports whether s is an absolute URL with one of the schemes, a host name and a port,
// if any, from 1 to 65535 (url.Parse takes 99999, which fails only when the URL is used).
func isURL(s string, schemes ...string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.Hostname() == "" {
		return false
	}
	return slices.Contains(schemes, strings.ToLower(u.Scheme)) && portHint(s) == ""
}

// portHint is " (port 99999 is outside 1-65535)" for a URL whose port is out of range, for a
// message saying it is no URL; else "".
func portHint(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Port() == "" {
		return ""
	}
	if n, err := strconv.Atoi(u.Port()); err == nil && n >= 1 && n <= 65535 {
		return ""
	}
	return fmt.Sprintf(" (port %s is outside 1-65535)", redact.Bound(u.Port(), 20))
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

// validateAuth checks backend.auth, its keys in the schema's order: the path and the template
// whatever the kind (a template is executed once on a sample token); that the environment
// variable of kind header is set is checked when the run starts.
func validateAuth(a AuthConfig, bad func(key, format string, args ...any) error) error {
	storage := a.Kind == backend.AuthStorage
	switch {
	case !a.Kind.Valid():
		return bad("backend.auth.kind", "expected one of %s, got %q", list(backend.AuthKinds), a.Kind)
	case a.Kind == backend.AuthHeader && (a.Header == "" || a.Env == ""):
		return bad("backend.auth", "kind header needs backend.auth.header (like X-API-Key) and backend.auth.env (the environment variable with its value)")
	case storage && !a.Storage.Valid():
		return bad("backend.auth.storage", "expected %s, got %q", OneOf(backend.StorageAreas), a.Storage)
	case storage && a.Key == "":
		return bad("backend.auth.key", "is empty: name the localStorage or sessionStorage key that holds the token (backend.auth.kind is storage)")
	}
	if _, err := backend.AuthPath(a.Path); err != nil {
		return bad("backend.auth.path", "%s", err.Error())
	}
	if storage && a.Header == "" {
		return bad("backend.auth.header", "is empty: name the header to send, like Authorization")
	}
	if _, err := backend.AuthTemplate(a.Template); err != nil {
		return bad("backend.auth.template", "%s", err.Error())
	}
	if storage && !strings.Contains(a.Template, "{{.}}") {
		return bad("backend.auth.template", "expected a header value with {{.}} for the token, like \"Bearer {{.}}\", got %q", a.Template)
	}
	return nil
}

// list joins values with commas, for "expected one of ..." messages.
func list[T ~string](values []T) string { return strings.Join(Strings(values), ", ") }
