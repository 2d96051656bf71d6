package config

import (
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/audit"
)

// Redacted replaces secrets in Masked and WriteYAML: the one marker of every redaction.
const Redacted = redact.Redacted

// Masked returns the effective configuration as a nested map keyed like the config file, with
// secrets replaced by "[REDACTED]", by name and by shape (the policy of package redact): every
// value of browser.remote.headers and of a step's headers, each capability, environment variable
// and form field whose name looks secret (redact.SecretName: token, secret, password, auth, key,
// ...), and in every other string a password a URL or a DSN holds, however written (redact.Value).
// Durations are strings like "1m0s"; artifacts.har.max_body is "1MiB" when a whole number of KiB,
// MiB or GiB, else an int64.
func (c *Config) Masked() map[string]any {
	m := structToMap(reflect.ValueOf(*c), "")
	setPath(m, "app.servers", objectsToMaps(c.App.Servers, true))
	setPath(m, "app.seed", objectsToMaps(c.App.Seed, true))
	setPath(m, "app.reset", objectsToMaps(c.App.Reset, true))
	headers := map[string]any{}
	for k := range c.Browser.Remote.Headers {
		headers[k] = Redacted
	}
	setPath(m, "browser.remote.headers", headers)
	setPath(m, "browser.remote.capabilities", maskTree(c.Browser.Remote.Capabilities).(map[string]any))
	routes := make([]any, len(c.Network.Routes))
	for i, r := range c.Network.Routes {
		routes[i] = maskTree(r)
	}
	setPath(m, "network.routes", routes)
	for _, r := range audit.Rules { // one key per rule, not a map
		setPath(m, "audit.security."+r.ID, c.Audit.Security[r.ID])
	}
	for key, v := range c.suite {
		setPath(m, key, maskSuiteValue(key, v))
	}
	return maskStrings(m).(map[string]any)
}

// maskStrings masks by shape every string of a masked tree (redact.Value): a URL's password
// in base_url, a DSN's in backend.db.dsn, one in a command, an argument or an environment
// variable of any name.
func maskStrings(v any) any {
	switch t := v.(type) {
	case string:
		return redact.Value(t)
	case []string:
		out := make([]string, len(t))
		for i, s := range t {
			out[i] = redact.Value(s)
		}
		return out
	case []any:
		for i := range t {
			t[i] = maskStrings(t[i])
		}
	case map[string]any:
		for k := range t {
			t[k] = maskStrings(t[k])
		}
	}
	return v
}

// maskSuiteValue is a registered section's value as the config command shows it: a duration as
// a string, a secret-looking key's value redacted.
func maskSuiteValue(key string, v any) any {
	name := key[strings.LastIndex(key, ".")+1:]
	switch t := v.(type) {
	case time.Duration:
		return t.String()
	case string:
		return redact.Setting(name, t)
	}
	return v
}

// Scrub replaces every secret of the configuration quoted in s (a URL with its password, a DSN,
// a header's or a secret capability's value) by its masked form, as "e2e config" shows it, then
// any other secret known by its shape (redact.Shapes): for the errors of a run, which quote what
// they could not reach or open.
func (c *Config) Scrub(s string) string { return c.Scrubber()(s) }

// Scrubber returns Scrub with the secrets found once: for many texts, a server's log lines.
func (c *Config) Scrubber() func(string) string {
	pairs := map[string]string{}
	raw := structToMap(reflect.ValueOf(*c), "")
	for key, v := range c.suite {
		if d, ok := v.(time.Duration); ok {
			v = d.String()
		}
		setPath(raw, key, v)
	}
	secretPairs(raw, c.Masked(), pairs)
	var olds []string
	for raw := range pairs {
		olds = append(olds, raw)
	}
	sort.Slice(olds, func(i, j int) bool { return len(olds[i]) > len(olds[j]) }) // longest first
	args := make([]string, 0, 2*len(olds))
	for _, raw := range olds {
		args = append(args, raw, pairs[raw])
	}
	r := strings.NewReplacer(args...)
	return func(s string) string { return redact.Shapes(r.Replace(s)) }
}

// secretPairs collects, from the same configuration unmasked (raw) and masked, each string that
// masking changed, with what it became. A subtree masked as a whole maps each of its strings
// to Redacted.
func secretPairs(raw, masked any, out map[string]string) {
	switch r := raw.(type) {
	case string:
		if m, ok := masked.(string); ok && len(r) >= 4 && r != m { // shorter: scrubbing would mangle the text
			out[r] = m
		}
	case []string:
		if m, ok := masked.([]string); ok && len(m) == len(r) {
			for i := range r {
				secretPairs(r[i], m[i], out)
			}
		}
	case []any:
		m, _ := masked.([]any)
		for i := range r {
			var mi any = Redacted
			if i < len(m) {
				mi = m[i]
			}
			secretPairs(r[i], mi, out)
		}
	case map[string]string:
		m, _ := masked.(map[string]any)
		for k, v := range r {
			secretPairs(v, m[k], out)
		}
	case map[string]any:
		m, _ := masked.(map[string]any)
		for k, v := range r {
			var mk any = Redacted
			if m != nil {
				mk = m[k]
			}
			if mk == Redacted {
				secretPairs(v, subtreeRedacted(v), out)
				continue
			}
			secretPairs(v, mk, out)
		}
	}
}

// subtreeRedacted returns v's shape with every string Redacted.
func subtreeRedacted(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k := range t {
			out[k] = subtreeRedacted(t[k])
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i := range t {
			out[i] = subtreeRedacted(t[i])
		}
		return out
	}
	return Redacted
}

// structToMap walks a config struct by its mapstructure tags.
func structToMap(v reflect.Value, prefix string) map[string]any {
	m := map[string]any{}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("mapstructure")
		if !f.IsExported() || tag == "" {
			continue
		}
		key := tag
		if prefix != "" {
			key = prefix + "." + tag
		}
		fv := v.Field(i)
		switch val := fv.Interface().(type) {
		case time.Duration:
			m[tag] = val.String()
		case []string:
			m[tag] = append([]string{}, val...)
		default:
			if fv.Kind() == reflect.Slice && isObjectList(fv) {
				m[tag] = objectsToMaps(val, false)
			} else if fv.Kind() == reflect.Struct {
				m[tag] = structToMap(fv, key)
			} else if key == "artifacts.har.max_body" {
				m[tag] = formatBytes(fv.Int())
			} else {
				m[tag] = val
			}
		}
	}
	return m
}

// maskTree deep-copies a capability value, redacting secret-named keys.
func maskTree(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			if redact.SecretName(k) {
				out[k] = Redacted
			} else {
				out[k] = maskTree(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = maskTree(e)
		}
		return out
	case nil:
		return map[string]any{}
	}
	return v
}

// WriteYAML prints Masked() as YAML, e2e's sections and keys in the order
// of the key reference (base_url, app, browser, ...), then the suite's
// sections by name; keys of capabilities and headers sorted.
func (c *Config) WriteYAML(w io.Writer) error {
	node, err := yamlNode(c.Masked(), "")
	if err != nil {
		return err
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(node); err != nil {
		return fmt.Errorf("config: writing YAML: %w", err)
	}
	return enc.Close()
}

// yamlNode builds an ordered YAML node; prefix is the dotted path of v.
func yamlNode(v any, prefix string) (*yaml.Node, error) {
	m, ok := v.(map[string]any)
	if !ok {
		n := &yaml.Node{}
		if err := n.Encode(v); err != nil {
			return nil, fmt.Errorf("config: writing YAML: %w", err)
		}
		if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
			n.Style = yaml.FlowStyle
		}
		return n, nil
	}
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if len(m) == 0 {
		n.Style = yaml.FlowStyle
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	path := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	sort.SliceStable(keys, func(i, j int) bool {
		ri, iok := keyRank[path(keys[i])]
		rj, jok := keyRank[path(keys[j])]
		if iok && jok {
			return ri < rj
		}
		if iok != jok {
			return iok
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		val, err := yamlNode(m[k], path(k))
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, val)
	}
	return n, nil
}
