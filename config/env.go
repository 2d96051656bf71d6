package config

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"slices"
	"strings"
)

// EnvPrefix starts every environment variable this package reads.
const EnvPrefix = "E2E_"

// envAlias is a short environment variable for a key. When both an alias
// and the key's own variable are set, the key's own variable wins.
type envAlias struct {
	name   string
	key    string
	invert bool // E2E_HEADED=1 means browser.headless=false
}

var envAliases = []envAlias{
	{"E2E_HEADED", "browser.headless", true},
	{"E2E_SLOWMO", "browser.slowmo", false},
	{"E2E_DEBUG", "debug.enabled", false},
	{"E2E_WORKERS", "run.workers", false},
	{"E2E_RETRIES", "run.retries", false},
	{"E2E_GREP", "run.grep", false},
}

// EnvName returns the environment variable for a dotted key:
// "timeouts.flow" -> "E2E_TIMEOUTS_FLOW".
func EnvName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// envLayer reads the E2E_* variables that name a key or an alias. Values
// stay strings for the type conversion, except that lists are split as
// comma-separated values (CSV quoting allowed), maps are decoded from a
// JSON object and inverted aliases are resolved. Empty variables count as
// unset; unknown E2E_* variables are ignored. It returns the values and
// the variable each one came from, by key.
func envLayer(env []string) (values map[string]any, from map[string]string, err error) {
	if env == nil {
		env = os.Environ()
	}
	vars := make(map[string]string, len(env))
	for _, kv := range env {
		name, val, ok := strings.Cut(kv, "=")
		if ok && strings.HasPrefix(name, EnvPrefix) && val != "" {
			vars[name] = val
		}
	}
	values = map[string]any{}
	from = map[string]string{}
	for _, k := range schema {
		name := EnvName(k.key)
		val, ok := vars[name]
		if !ok {
			continue
		}
		v, msg := envValue(k, val)
		if msg != "" {
			return nil, nil, &Error{Key: k.key, Msg: msg + fromSuffix(name)}
		}
		values[k.key], from[k.key] = v, name
	}
	for _, a := range envAliases {
		val, ok := vars[a.name]
		if _, done := values[a.key]; !ok || done {
			continue
		}
		if a.invert {
			b, msg := toBool(val)
			if msg != "" {
				return nil, nil, &Error{Key: a.key, Msg: msg + fromSuffix(a.name)}
			}
			val = boolString(!b.(bool))
		}
		values[a.key], from[a.key] = val, a.name
	}
	return values, from, nil
}

// lookupEnv returns the value of the variable name in env (nil: the process's environment).
func lookupEnv(env []string, name string) string {
	if env == nil {
		return os.Getenv(name)
	}
	for _, kv := range slices.Backward(env) {
		if n, v, ok := strings.Cut(kv, "="); ok && n == name {
			return v
		}
	}
	return ""
}

// envValue pre-processes one variable by the key's kind.
func envValue(k keySpec, val string) (any, string) {
	switch k.kind {
	case kindStrings:
		r := csv.NewReader(strings.NewReader(val))
		r.TrimLeadingSpace = true
		fields, err := r.Read()
		if err != nil {
			return nil, "expected comma-separated values, got " + describe(val)
		}
		out := make([]string, 0, len(fields))
		for _, f := range fields {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
		return out, ""
	case kindMapList:
		var l []any
		if err := json.Unmarshal([]byte(val), &l); err != nil || l == nil {
			return nil, `expected a JSON list like [{"action":"abort","url":"/api/*"}] (the value is not shown: it may hold secrets)`
		}
		return l, ""
	case kindAnyMap, kindStringMap:
		var m map[string]any
		if err := json.Unmarshal([]byte(val), &m); err != nil || m == nil {
			return nil, `expected a JSON object like {"name":"value"} (the value is not shown: it may hold secrets)`
		}
		return m, ""
	}
	return val, ""
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// fromSuffix names where a bad value came from, for error messages.
func fromSuffix(source string) string {
	if source == "" {
		return ""
	}
	return " (from " + source + ")"
}
