package config

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// ReuseMode says whether a server already answering at its URL is used rather than started
// (app.reuse_existing). It is config's own, as the app's server types are, because package
// appserver, which acts on it, builds on them.
type ReuseMode string

// The reuse modes.
const (
	ReuseAuto   ReuseMode = "auto"  // reuse a server whose URL answers, except in CI (CI set)
	ReuseAlways ReuseMode = "true"  // reuse a server whose URL answers
	ReuseNever  ReuseMode = "false" // always start the server; its URL must not answer yet
)

// ReuseModes lists the reuse modes, in the order messages and help show them.
var ReuseModes = []ReuseMode{ReuseAuto, ReuseAlways, ReuseNever}

// Valid reports whether m is one of ReuseModes.
func (m ReuseMode) Valid() bool { return slices.Contains(ReuseModes, m) }

// Defaults of app.ready_timeout and app.stop_timeout.
const (
	DefaultReadyTimeout = 60 * time.Second // a server's wait for its URL to answer
	DefaultStopTimeout  = 10 * time.Second // a server's grace after its stop signal, before SIGKILL
)

// AppConfig is the app under test as e2e starts it: its servers, and the data it is given.
type AppConfig struct {
	// Servers start in this order before the flows, and stop in the reverse order after them.
	Servers []AppServer `mapstructure:"servers"`
	// Seed steps run once the servers are ready, before the first flow.
	Seed []AppStep `mapstructure:"seed"`
	// Reset steps run before each round of the run (see run.repeat_each).
	Reset []AppStep `mapstructure:"reset"`
	// ReuseExisting is the default of every server's reuse_existing: ReuseAuto, ReuseAlways or
	// ReuseNever.
	ReuseExisting ReuseMode `mapstructure:"reuse_existing"`
	// ReadyTimeout is the default of every server's ready_timeout.
	ReadyTimeout time.Duration `mapstructure:"ready_timeout"`
	// StopTimeout is the default of every server's stop_timeout.
	StopTimeout time.Duration `mapstructure:"stop_timeout"`
}

// AppServer is one server of the app: a shell command e2e starts, and the URL that says it is
// ready.
type AppServer struct {
	// Name names the server in messages and its log, test-results/servers/<name>.log; default
	// "server<N>".
	Name string `json:"name,omitempty"`
	// Command is run through sh -c, in Dir, in a process group of its own.
	Command string `json:"command,omitempty"`
	// Dir is the command's working directory; default the working directory of e2e.
	Dir string `json:"dir,omitempty"`
	// Env is added to the environment of e2e for the command.
	Env map[string]string `json:"env,omitempty"`
	// URL must answer 2xx or 3xx before the flows start; empty means ready once started.
	URL string `json:"url,omitempty"`
	// ReadyTimeout bounds the wait for URL; 0 means app.ready_timeout.
	ReadyTimeout time.Duration `json:"ready_timeout,omitempty"`
	// ReuseExisting, when set, overrides app.reuse_existing for this server.
	ReuseExisting *bool `json:"reuse_existing,omitempty"`
	// StopSignal is sent to the process group to stop it: SIGTERM (default), SIGINT, ...
	StopSignal string `json:"stop_signal,omitempty"`
	// StopTimeout is the grace period after StopSignal (or StopCommand) before SIGKILL; 0
	// means app.stop_timeout.
	StopTimeout time.Duration `json:"stop_timeout,omitempty"`
	// StopCommand, when set, stops the server instead of StopSignal (docker compose down).
	StopCommand string `json:"stop_command,omitempty"`
	// Log is an extra file the server's output is copied to, redacted.
	Log string `json:"log,omitempty"`
}

// AppStep is one step of app.seed or app.reset: exactly one of Run, SQL and HTTP.
type AppStep struct {
	// Name names the step in steps.log and messages; default what it does.
	Name string `json:"name,omitempty"`
	// Run is a shell command (sh -c) that must exit 0.
	Run string `json:"run,omitempty"`
	// SQL is a file of SQL statements run on backend.db on a connection of its own.
	SQL string `json:"sql,omitempty"`
	// HTTP are calls made in order with one cookie jar (as one setup user).
	HTTP []AppHTTPCall `json:"http,omitempty"`
	// Dir is the working directory of Run and the folder SQL is relative to.
	Dir string `json:"dir,omitempty"`
	// Env is added to the environment of Run.
	Env map[string]string `json:"env,omitempty"`
}

// AppHTTPCall is one HTTP call of a seed step. $VAR and ${VAR} in Path, Headers and Body are
// replaced by environment variables, so that credentials stay out of e2e.yaml.
type AppHTTPCall struct {
	// Method is GET, POST, PUT...; default POST when there is a body, else GET.
	Method string `json:"method,omitempty"`
	// Path is relative to backend.api_url (or a whole URL).
	Path string `json:"path,omitempty"`
	// Headers are sent with the call (Authorization: Bearer $SETUP_TOKEN).
	Headers map[string]string `json:"headers,omitempty"`
	// Body is sent as JSON.
	Body any `json:"body,omitempty"`
	// Form, when set, is sent as an HTML form instead of Body.
	Form map[string]string `json:"form,omitempty"`
	// Status is the status code expected; 0 means any 2xx or 3xx.
	Status int `json:"status,omitempty"`
}

// objectFields lists the keys each object kind accepts, with their kind, for messages and
// suggestions; convert checks each value with the scalar kinds' rules.
var objectFields = map[kind]map[string]kind{
	kindServers: {
		"name": kindString, "command": kindString, "dir": kindString, "env": kindStringMap,
		"url": kindString, "ready_timeout": kindDuration, "reuse_existing": kindBool,
		"stop_signal": kindString, "stop_timeout": kindDuration, "stop_command": kindString, "log": kindString,
	},
	kindSteps: {
		"name": kindString, "run": kindString, "sql": kindString, "http": kindHTTPCalls,
		"dir": kindString, "env": kindStringMap,
	},
	kindHTTPCalls: {
		"method": kindString, "path": kindString, "headers": kindStringMap, "body": kindAnyValue,
		"form": kindStringMap, "status": kindInt,
	},
	kindProjects: {
		"name": kindString, "device": kindString, "locale": kindString, "timezone": kindString,
		"geolocation": kindGeolocation, "permissions": kindStrings, "color_scheme": kindString, "offline": kindBool,
	},
	kindGeolocation: {"latitude": kindFloat, "longitude": kindFloat, "accuracy": kindFloat},
}

// toObjects converts a list of mappings (from YAML, or a JSON string from a flag or variable)
// into []AppServer or []AppStep, checking every field.
func toObjects(k kind, raw any) (any, string) {
	switch r := raw.(type) {
	case []AppServer, []AppStep, []Project:
		return raw, ""
	case string:
		var v any
		if err := json.Unmarshal([]byte(r), &v); err != nil {
			return nil, "expected a JSON list of objects like [{...}], got invalid JSON (" + err.Error() + ")"
		}
		raw = normalize(v)
	}
	if m, ok := asStringMap(raw); ok && k == kindHTTPCalls {
		raw = []any{m} // one call needs no list
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, "expected a list of mappings, got " + kindOf(raw)
	}
	clean := make([]any, len(list))
	for i, e := range list {
		m, ok := asStringMap(e)
		if !ok {
			return nil, fmt.Sprintf("entry %d: expected a mapping, got %s", i+1, kindOf(e))
		}
		out, msg := checkFields(k, m)
		if msg != "" {
			return nil, fmt.Sprintf("entry %d%s: %s", i+1, entryName(m), msg)
		}
		clean[i] = out
	}
	// The checked values are JSON-shaped: let encoding/json fill the typed structs.
	data, err := json.Marshal(clean)
	if err != nil {
		return nil, "cannot encode: " + err.Error()
	}
	var typed any
	switch k {
	case kindServers:
		s := []AppServer{}
		err, typed = json.Unmarshal(data, &s), s
	case kindSteps:
		s := []AppStep{}
		err, typed = json.Unmarshal(data, &s), s
	case kindProjects:
		s := []Project{}
		err, typed = json.Unmarshal(data, &s), s
	default:
		s := []AppHTTPCall{}
		err, typed = json.Unmarshal(data, &s), s
	}
	if err != nil {
		return nil, "cannot decode: " + err.Error()
	}
	return typed, ""
}

// entryName is " (name)" for an entry with a name, for messages.
func entryName(m map[string]any) string {
	if s, ok := m["name"].(string); ok && s != "" {
		return " (" + redact.Bound(s, maxNameLen) + ")"
	}
	return ""
}

// checkFields converts each field of one entry by its kind, returning a JSON-shaped map
// (durations as nanoseconds).
func checkFields(k kind, m map[string]any) (map[string]any, string) {
	fields := objectFields[k]
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	out := map[string]any{}
	for _, name := range names {
		fk, ok := fields[name]
		if !ok {
			msg := fmt.Sprintf("unknown key %s", redact.Quote(name))
			if s := closest(name, fields); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return nil, msg
		}
		raw := m[name]
		if raw == nil {
			continue
		}
		var val any
		var msg string
		switch fk {
		case kindAnyValue:
			val = raw
		case kindHTTPCalls:
			val, msg = toObjects(fk, raw)
		case kindGeolocation:
			if gm, ok := asStringMap(raw); ok {
				val, msg = checkFields(fk, gm)
			} else {
				msg = "expected a mapping like {latitude: 52.52, longitude: 13.405}, got " + kindOf(raw)
			}
		default:
			val, msg = convert(keySpec{kind: fk}, raw)
		}
		if msg != "" {
			return nil, name + ": " + msg
		}
		if d, ok := val.(time.Duration); ok {
			val = int64(d)
		}
		out[name] = val
	}
	return out, ""
}

// closest is the field name nearest to an unknown one, or "".
func closest(name string, fields map[string]kind) string {
	best, dist := "", 3
	for f := range fields {
		if d := editDistance(name, f); d < dist || (d == dist && d < 3 && f < best) {
			best, dist = f, d
		}
	}
	return best
}

// validateApp checks app: each server has a command and an http(s) URL if any, unique names;
// each step does one thing.
func validateApp(a *AppConfig, bad func(key, format string, args ...any) error) error {
	if err := CheckServers(a.Servers); err != nil {
		return bad("app.servers", "%s", err.Msg)
	}
	for _, l := range []struct {
		key   string
		steps []AppStep
	}{{"app.seed", a.Seed}, {"app.reset", a.Reset}} {
		if err := CheckSteps(l.steps); err != nil {
			return bad(l.key, "%s", err.Msg)
		}
	}
	if !a.ReuseExisting.Valid() {
		return bad("app.reuse_existing", "expected %s; got %q", OneOf(ReuseModes), a.ReuseExisting)
	}
	if a.ReadyTimeout <= 0 {
		return bad("app.ready_timeout", "must be greater than 0, got %q", a.ReadyTimeout.String())
	}
	return nil
}

// StopSignal returns the signal a server's stop_signal names, with or without "SIG", in any
// case (SIGINT, int); SIGTERM for "". ok is false for a name this system has no signal for.
func StopSignal(name string) (sig syscall.Signal, ok bool) {
	if name == "" {
		return syscall.SIGTERM, true
	}
	n := strings.ToUpper(strings.TrimSpace(name))
	if !strings.HasPrefix(n, "SIG") {
		n = "SIG" + n
	}
	sig = unix.SignalNum(n)
	return sig, sig != 0
}

// maxNameLen bounds a server's name, which names its log file.
const maxNameLen = 100

// CheckServers checks servers as Load checks app.servers (a suite's, say), filling in missing
// names. The error names the entry.
func CheckServers(servers []AppServer) *Error {
	seen := map[string]bool{}
	for i := range servers {
		s := &servers[i]
		if s.Name == "" {
			s.Name = "server" + strconv.Itoa(i+1)
		}
		at := func(format string, args ...any) *Error {
			return &Error{Msg: fmt.Sprintf("entry %d (%s): ", i+1, redact.Bound(s.Name, maxNameLen)) + fmt.Sprintf(format, args...)}
		}
		switch {
		case len(s.Name) > maxNameLen:
			return at("name: at most %d bytes (it names the server's log file)", maxNameLen)
		case strings.ContainsAny(s.Name, `/\`) || strings.HasPrefix(s.Name, "."):
			return at("name: must not hold / or \\ or start with a dot (it names the server's log file)")
		case seen[s.Name]:
			return at("name: used twice: give each server a name of its own")
		case strings.TrimSpace(s.Command) == "":
			return at("command: required: the shell command that starts the server")
		case s.URL != "" && !isURL(s.URL, "http", "https"):
			return at("url: expected an http(s) URL like %s, got %s%s", httpURLExample, redact.Quote(s.URL), portHint(s.URL))
		}
		if _, ok := StopSignal(s.StopSignal); !ok {
			return at("stop_signal: %s is no signal of this system: use SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1...", redact.Quote(s.StopSignal))
		}
		seen[s.Name] = true
	}
	return nil
}

// CheckSteps checks seed or reset steps: each does exactly one thing, each HTTP call has a path.
func CheckSteps(steps []AppStep) *Error {
	for i, s := range steps {
		n := 0
		for _, set := range []bool{s.Run != "", s.SQL != "", len(s.HTTP) > 0} {
			if set {
				n++
			}
		}
		if n != 1 {
			return &Error{Msg: fmt.Sprintf("entry %d: expected exactly one of run, sql and http, got %d", i+1, n)}
		}
		for j, c := range s.HTTP {
			switch {
			case strings.TrimSpace(c.Path) == "":
				return &Error{Msg: fmt.Sprintf("entry %d: http call %d: path: required", i+1, j+1)}
			case c.Status != 0 && (c.Status < 100 || c.Status > 599):
				return &Error{Msg: fmt.Sprintf("entry %d: http call %d: status: expected an HTTP status from 100 to 599, got %d", i+1, j+1, c.Status)}
			case strings.Contains(c.Path, "://") && !strings.Contains(c.Path, "$") && !isURL(c.Path, "http", "https"):
				// A whole URL, unless the environment completes it when the step runs.
				return &Error{Msg: fmt.Sprintf("entry %d: http call %d: path: expected a path like /api/items or an http(s) URL, got %s%s",
					i+1, j+1, redact.Quote(c.Path), portHint(c.Path))}
			}
		}
	}
	return nil
}

// objectsToMaps renders a list of servers or steps as the file holds it; with mask, values
// whose names say they hold credentials (headers, secret-named env variables, form fields and
// body keys) are masked, as Masked shows them (which then masks the rest by shape).
func objectsToMaps(list any, mask bool) []any {
	data, _ := json.Marshal(list)
	var out []any
	_ = json.Unmarshal(data, &out)
	for _, e := range out {
		maskObject(e.(map[string]any), mask)
	}
	if out == nil {
		out = []any{}
	}
	return out
}

// maskObject masks one server, step or call in place (with mask); durations go back to "30s"
// form.
func maskObject(m map[string]any, mask bool) {
	for k, v := range m {
		if !mask && k != "ready_timeout" && k != "stop_timeout" && k != "http" {
			continue
		}
		switch k {
		case "env", "headers", "form":
			sub, _ := v.(map[string]any)
			for name := range sub {
				if k == "headers" || redact.SecretName(name) {
					sub[name] = Redacted
				}
			}
		case "body":
			m[k] = maskTree(v)
		case "ready_timeout", "stop_timeout":
			if f, ok := v.(float64); ok {
				m[k] = time.Duration(f).String()
			}
		case "http":
			for _, c := range v.([]any) {
				maskObject(c.(map[string]any), mask)
			}
		}
	}
}

// isObjectList reports whether v is a list of objects (app's, the projects), for structToMap.
func isObjectList(v reflect.Value) bool {
	t := v.Type()
	return t == reflect.TypeOf([]AppServer(nil)) || t == reflect.TypeOf([]AppStep(nil)) || t == reflect.TypeOf([]Project(nil))
}
