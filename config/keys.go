package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/audit"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
)

// Key describes one of e2e's own keys as the configuration reference (docs/configuration.md)
// shows it.
type Key struct {
	// Name is the dotted key: "timeouts.flow".
	Name string
	// Type is the kind of its value, in words: "duration", "list of strings", ...
	Type string
	// Values are the values it takes when they are a fixed set (each value's, for a list).
	Values []string
	// Default is its built-in default as e2e.yaml would spell it: "60s", "[list]", `""`.
	Default string
	// Flag is the command-line flag that sets it ("--timeout", "-j, --workers"), or "".
	Flag string
	// Usage is the flag's help, or what config knows of the key without a flag (an audit
	// rule's); "" otherwise.
	Usage string
	// Env are the environment variables that set it: its own, then any short alias.
	Env []string
}

// enumValues are the values of the keys that take one of a fixed set.
func enumValues(key string) []string {
	switch key {
	case "app.reuse_existing":
		return Strings(ReuseModes)
	case "browser.remote.kind":
		return Strings(browser.RemoteKinds)
	case "artifacts.mode", "artifacts.trace":
		return Strings(artifacts.Modes)
	case "backend.db.driver":
		return backend.Drivers
	case "backend.auth.kind":
		return Strings(backend.AuthKinds)
	case "backend.auth.storage":
		return Strings(backend.StorageAreas)
	case "run.reporters":
		return Strings(report.ReporterNames)
	case "run.pin_workers":
		return Strings(browser.PinModes)
	case "audit.budgets.level":
		return audit.Levels
	}
	if strings.HasPrefix(key, "audit.security.") {
		return audit.Levels
	}
	return nil
}

// kindNames name each kind of value for people.
var kindNames = map[kind]string{
	kindString:    "string",
	kindBool:      "bool",
	kindInt:       "int",
	kindDuration:  "duration (30s, 1m30s)",
	kindBytes:     "size (1500, 500KB, 1MiB)",
	kindStrings:   "list of strings",
	kindAnyMap:    "map",
	kindStringMap: "map of strings",
	kindMapList:   "list of maps",
	kindServers:   "list of servers",
	kindSteps:     "list of steps",
	kindProjects:  "list of projects",
	kindFloat:     "number",
}

// Keys returns e2e's own keys (not a suite's Section), in the order e2e config prints them.
func Keys() []Key {
	registerMu.Lock()
	defer registerMu.Unlock()
	rules := map[string]string{}
	for _, r := range audit.Rules {
		rules["audit.security."+r.ID] = fmt.Sprintf("%s (severity %s)", r.Doc, r.Severity)
	}
	var out []Key
	for _, k := range schema {
		if _, suite := suiteKeys[k.key]; suite {
			continue
		}
		key := Key{Name: k.key, Type: kindNames[k.kind], Values: enumValues(k.key), Default: defaultText(k), Usage: rules[k.key]}
		key.Env = append(key.Env, EnvName(k.key))
		for _, a := range envAliases {
			if a.key == k.key {
				key.Env = append(key.Env, a.name)
			}
		}
		for _, f := range flagSpecs {
			if f.key != k.key {
				continue
			}
			if f.kind == flagFirstFailure { // -x, beside the key's own flag
				key.Flag += ", -" + f.short
				continue
			}
			key.Flag, key.Usage = "--"+f.name, f.usage
			if f.invert {
				key.Usage += fmt.Sprintf(" (--%s sets %s to false)", f.name, k.key)
			}
			if f.short != "" {
				key.Flag = "-" + f.short + ", " + key.Flag
			}
		}
		out = append(out, key)
	}
	return out
}

// defaultText spells a key's default as e2e.yaml would.
func defaultText(k keySpec) string {
	switch v := k.defaultValue().(type) {
	case string:
		if v == "" {
			return `""`
		}
		return v
	case time.Duration:
		return FormatDuration(v)
	case int64:
		return fmt.Sprint(formatBytes(v))
	case []string:
		return "[" + strings.Join(v, ", ") + "]"
	}
	switch k.kind {
	case kindAnyMap, kindStringMap:
		return "{}"
	case kindMapList, kindServers, kindSteps, kindProjects:
		return "[]"
	}
	return fmt.Sprint(k.defaultValue())
}

// FormatDuration is d as a configuration writes it, without its zero units: "1m" (not "1m0s"),
// "1h30m", "10s", "0s".
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
