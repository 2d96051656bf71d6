package config

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// Section is a suite's own configuration section: keys under its name, read like e2e's own
// (default < e2e.yaml < E2E_* < flags), validated by Load and shown by the config command. The
// shop suite's is shop.addr and shop.fault.
type Section struct {
	// Name is the section's key ("shop"); not one of e2e's own sections.
	Name string
	// Keys are its settings.
	Keys []SectionKey
}

// SectionKey is one setting of a Section.
type SectionKey struct {
	// Name is the key within the section: "addr" is shop.addr, E2E_SHOP_ADDR in the
	// environment.
	Name string
	// Default is its value when nothing sets it. Its type is the key's: string, bool, int,
	// time.Duration or []string.
	Default any
	// Flag, when set, is the command-line flag that sets it ("shop-addr"); a []string flag is
	// repeatable.
	Flag string
	// Usage describes the flag in --help.
	Usage string
	// Check, when set, validates the value: "" when fine, else what is wrong and expected.
	Check func(value any) string
}

var (
	registerMu sync.Mutex
	suiteKeys  = map[string]SectionKey{} // full key -> its spec, for every registered section
)

// Register adds a suite's section to what BindFlags binds and Load reads. Call it before both,
// from one goroutine (cli and flowtest do); registering a section again does nothing.
func Register(s Section) error {
	registerMu.Lock()
	defer registerMu.Unlock()
	if s.Name == "" || strings.Contains(s.Name, ".") {
		return fmt.Errorf("config: section %q: a name without dots is required", s.Name)
	}
	for _, k := range s.Keys {
		full := s.Name + "." + k.Name
		if _, done := suiteKeys[full]; done {
			continue
		}
		if _, ours := keyByName[full]; ours || sections[full] {
			return fmt.Errorf("config: section %s: %s is one of e2e's own keys", s.Name, full)
		}
		kd, fk, err := kindOfDefault(k.Default)
		if err != nil {
			return fmt.Errorf("config: %s: %w", full, err)
		}
		spec := keySpec{key: full, kind: kd, def: k.Default}
		schema = append(schema, spec)
		index(spec)
		suiteKeys[full] = k
		if k.Flag != "" {
			flagSpecs = append(flagSpecs, flagSpec{name: k.Flag, key: full, kind: fk, usage: k.Usage})
		}
	}
	return nil
}

// kindOfDefault returns the key and flag kinds of a default value.
func kindOfDefault(def any) (kind, flagKind, error) {
	switch def.(type) {
	case string:
		return kindString, flagString, nil
	case bool:
		return kindBool, flagBool, nil
	case int:
		return kindInt, flagInt, nil
	case time.Duration:
		return kindDuration, flagDuration, nil
	case []string:
		return kindStrings, flagStringArray, nil
	}
	return 0, 0, fmt.Errorf("default %v (%T): expected a string, bool, int, time.Duration or []string", def, def)
}

// splitSuiteValues moves the values of registered sections' keys out of values, into the map
// Config.Suite reads.
func splitSuiteValues(values map[string]any) map[string]any {
	out := map[string]any{}
	for key := range suiteKeys {
		if v, ok := values[key]; ok {
			out[key] = v
			delete(values, key)
		}
	}
	return out
}

// checkSuiteValues runs the registered keys' checks; of several mistakes it returns the first
// in the schema's order.
func checkSuiteValues(values map[string]any, source func(key string) string) error {
	var errs []error
	for key, v := range values {
		if k := suiteKeys[key]; k.Check != nil {
			if msg := k.Check(v); msg != "" {
				errs = append(errs, &Error{Key: key, Msg: msg + fromSuffix(source(key))})
			}
		}
	}
	return firstInSchema(errs)
}

// Suite returns the value of a registered section's key ("shop.addr"), of its default's type;
// nil for a key no section registered.
func (c *Config) Suite(key string) any { return c.suite[key] }

// SuiteString returns a registered string key's value ("" when unknown).
func (c *Config) SuiteString(key string) string { s, _ := c.suite[key].(string); return s }

// SuiteStrings returns a registered []string key's value (nil when unknown).
func (c *Config) SuiteStrings(key string) []string { s, _ := c.suite[key].([]string); return s }

// ListenAddr is a SectionKey.Check for a listen address: "" or host:port with a numeric port, the
// host optional (":8080").
func ListenAddr(v any) string {
	s, _ := v.(string)
	if s == "" || isHostPort(s, true) {
		return ""
	}
	return fmt.Sprintf("expected host:port like 127.0.0.1:0 or 0.0.0.0:8080, got %s", redact.Quote(s))
}

// NoBlankEntries is a SectionKey.Check for a list whose entries must not be blank.
func NoBlankEntries(v any) string {
	list, _ := v.([]string)
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			return fmt.Sprintf("entry %d is empty", i+1)
		}
	}
	return ""
}
