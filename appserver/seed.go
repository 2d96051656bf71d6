package appserver

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for postgres
	_ "modernc.org/sqlite"             // the "sqlite" driver: pure Go, no cgo

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/config"
)

// Step is one step of app.seed or app.reset: a shell command, an SQL file or HTTP calls.
type Step = config.AppStep

// stepTimeout bounds each seed step.
const stepTimeout = 2 * time.Minute

// Data says where seed steps load their data.
type Data struct {
	// APIURL is what HTTP paths are relative to.
	APIURL string
	// DBDriver and DBDSN are the app's database (backend.db): SQL files run there, on a
	// connection of their own that may write.
	DBDriver, DBDSN string
	// Redact scrubs what steps print before it reaches a message.
	Redact func(string) string
}

// RunSteps runs steps in order, each recorded in rec, and stops at the first that fails. key
// ("app.seed") names the list in the error: `app.seed step 2 (sql seed.sql): ...`.
func RunSteps(ctx context.Context, key string, steps []Step, d Data, rec Recorder) error {
	if rec == nil {
		rec = noSteps{}
	}
	if d.Redact == nil {
		d.Redact = func(s string) string { return s }
	}
	jar, _ := cookiejar.New(nil) // one setup user across the steps of the list
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	for i, s := range steps {
		name := stepName(s)
		err := rec.Do(key+": "+name, func() error {
			ctx, cancel := context.WithTimeout(ctx, stepTimeout)
			defer cancel()
			switch {
			case s.Run != "":
				return runCommand(ctx, s, d)
			case s.SQL != "":
				return runSQL(ctx, s, d)
			default:
				return runHTTP(ctx, client, s, d)
			}
		})
		if err != nil {
			return fmt.Errorf("%s step %d (%s): %w", key, i+1, name, err)
		}
	}
	return nil
}

// stepName is the step's name, or what it does.
func stepName(s Step) string {
	switch {
	case s.Name != "":
		return s.Name
	case s.Run != "":
		return "run " + redact.Value(s.Run)
	case s.SQL != "":
		return "sql " + s.SQL
	}
	calls := make([]string, len(s.HTTP))
	for i, c := range s.HTTP {
		calls[i] = method(c) + " " + redact.Value(c.Path)
	}
	return "http " + strings.Join(calls, ", ")
}

// runCommand runs a shell command; it fails with its last lines of output.
func runCommand(ctx context.Context, s Step, d Data) error {
	if err := checkDir(s.Dir); err != nil {
		return err
	}
	cmd := shellCommand(ctx, s.Run, s.Dir, s.Env)
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // what it left in the background
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, exec.ErrWaitDelay) && ctx.Err() == nil:
		// The shell ended, but a process it started (cmd &) still held its output.
		return errors.New("it left a process in the background that holds its output: " +
			"redirect that process's output (cmd >file 2>&1 &) or wait for it (wait)")
	}
	reason := exitReason(err)
	if ctx.Err() != nil {
		reason = "did not end within " + stepTimeout.String()
	}
	return fmt.Errorf("%s: %s", reason, lastLine(d.Redact(out.String())))
}

// lastLine is the last non-empty line of out, or "no output".
func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if l := strings.TrimSpace(lines[len(lines)-1]); l != "" {
		return l
	}
	return "no output"
}

// runSQL runs an SQL file in one transaction on a connection of its own.
func runSQL(ctx context.Context, s Step, d Data) error {
	path := s.SQL
	if s.Dir != "" && !filepath.IsAbs(path) {
		path = filepath.Join(s.Dir, path)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, unwrapPath(err))
	}
	if d.DBDSN == "" {
		return fmt.Errorf("no database: set backend.db.dsn")
	}
	driver, dsn, err := writableDSN(d.DBDriver, d.DBDSN)
	if err != nil {
		return err
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("open database: %s", d.Redact(err.Error()))
	}
	if _, err := tx.ExecContext(ctx, string(text)); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("%s", d.Redact(err.Error()))
	}
	return tx.Commit()
}

// writableDSN is the database/sql driver and DSN for backend.db.driver and dsn, opened for
// writing.
func writableDSN(driver, dsn string) (string, string, error) {
	name := driver
	switch driver {
	case "sqlite":
		if !strings.HasPrefix(dsn, "file:") {
			dsn = "file:" + (&url.URL{Path: dsn}).EscapedPath()
		}
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		return "sqlite", dsn + sep + "_pragma=busy_timeout(5000)", nil
	case "postgres", "postgresql":
		name = "pgx"
	}
	if !slices.Contains(sql.Drivers(), name) {
		return "", "", fmt.Errorf("backend.db.driver %q: this build of e2e has no driver for it", driver)
	}
	return name, dsn, nil
}

// runHTTP makes the step's calls in order, with the list's cookie jar.
func runHTTP(ctx context.Context, client *http.Client, s Step, d Data) error {
	for i, c := range s.HTTP {
		if err := call(ctx, client, c, d); err != nil {
			if len(s.HTTP) > 1 {
				return fmt.Errorf("call %d: %w", i+1, err)
			}
			return err
		}
	}
	return nil
}

// method is the call's method: its own, else POST with a body or form, else GET.
func method(c config.AppHTTPCall) string {
	switch {
	case c.Method != "":
		return strings.ToUpper(c.Method)
	case c.Body != nil || c.Form != nil:
		return http.MethodPost
	}
	return http.MethodGet
}

// call makes one HTTP call and checks its status. Its errors show the path as configured, its
// password masked, never the URL with the environment's values.
func call(ctx context.Context, client *http.Client, c config.AppHTTPCall, d Data) error {
	shown := method(c) + " " + redact.Value(c.Path)
	target := os.ExpandEnv(c.Path)
	if !strings.Contains(target, "://") {
		target = strings.TrimRight(d.APIURL, "/") + "/" + strings.TrimLeft(target, "/")
	}
	var body io.Reader
	contentType := ""
	switch {
	case c.Form != nil:
		form := url.Values{}
		for k, v := range c.Form {
			form.Set(k, os.ExpandEnv(v))
		}
		body, contentType = strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
	case c.Body != nil:
		b, err := json.Marshal(expandAll(c.Body))
		if err != nil {
			return fmt.Errorf("body: %w", err)
		}
		body, contentType = bytes.NewReader(b), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method(c), target, body)
	if err != nil {
		return fmt.Errorf("%s: not a valid URL (%s): fix path", shown, urlProblem(err))
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	for k, v := range c.Headers {
		req.Header.Set(k, os.ExpandEnv(v))
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %s", shown, d.Redact(redact.Shapes(reasonOf(err))))
	}
	defer resp.Body.Close()
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 399
	if c.Status != 0 {
		ok = resp.StatusCode == c.Status
	}
	if !ok {
		want := "2xx or 3xx"
		if c.Status != 0 {
			want = fmt.Sprint(c.Status)
		}
		return fmt.Errorf("%s answered %s, expected %s: %s", shown, resp.Status, want, excerpt(resp, d))
	}
	return nil
}

// excerptRead is how much of a response body an error's excerpt is cut from: redacted whole
// first, so that a token is never cut in two, half of it shown.
const excerptRead = 64 << 10

// bodies redacts an excerpt as a HAR body is: by its type (a form's, JSON's and HTML's credential
// fields), then by shape.
var bodies = redact.NewRedactor(redact.Options{})

// excerpt is the start of a response body for an error: redacted as a HAR body is, then by
// d.Redact (the run's secrets), on one line and bounded.
func excerpt(resp *http.Response, d Data) string {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, excerptRead))
	text := d.Redact(bodies.Message(bodies.Body(resp.Header.Get("Content-Type"), string(b))))
	return redact.Bound(strings.Join(strings.Fields(text), " "), redact.MaxQuoted)
}

// urlProblem says what is wrong with a URL that does not parse, without quoting it (it may hold
// a password: url.Parse's error quotes the whole URL).
func urlProblem(err error) string {
	var esc url.EscapeError
	var host url.InvalidHostError
	switch {
	case errors.As(err, &esc):
		return `a "%" not followed by two hex digits: write a "%" as %25`
	case errors.As(err, &host):
		return "a character a host name cannot hold"
	case strings.Contains(err.Error(), "invalid port"):
		return "a port that is not a number"
	case strings.Contains(err.Error(), "missing protocol scheme"), strings.Contains(err.Error(), "unsupported protocol scheme"):
		return "no http:// or https://"
	}
	return "malformed"
}

// expandAll replaces $VAR in every string of a JSON-shaped value.
func expandAll(v any) any {
	switch t := v.(type) {
	case string:
		return os.ExpandEnv(t)
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = expandAll(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = expandAll(e)
		}
		return out
	}
	return v
}

// unwrapPath drops the path *os.PathError repeats.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
