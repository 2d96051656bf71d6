package browser

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// chromeOptionsKey is the W3C extension capability that carries Chrome's options.
const chromeOptionsKey = "goog:chromeOptions"

// seleniumCapabilities returns the W3C new-session body for opts: a Chrome session whose
// goog:chromeOptions args are our flags (--headless unless headed), plus
// browser.remote.capabilities (platformName, browserVersion, se:name, ...). A goog:chromeOptions
// map there is merged into ours; its args come after ours, so that they win.
func seleniumCapabilities(opts Options) (map[string]any, error) {
	always := map[string]any{"browserName": "chrome"}
	chrome := map[string]any{}
	for k, v := range opts.Remote.Capabilities {
		v = normalizeJSON(v)
		if k != chromeOptionsKey {
			always[k] = v
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("browser.remote.capabilities %s: expected a map (e.g. {binary: /usr/bin/chromium}), got %T", chromeOptionsKey, v)
		}
		for ck, cv := range m {
			chrome[ck] = cv
		}
	}
	var args []any
	for _, f := range ChromiumFlags(opts) {
		args = append(args, "--"+f)
	}
	if extra, ok := chrome["args"]; ok {
		list, ok := extra.([]any)
		if !ok {
			return nil, fmt.Errorf("browser.remote.capabilities %s.args: expected a list of flags, got %T", chromeOptionsKey, extra)
		}
		for _, a := range list {
			s, ok := a.(string)
			if !ok {
				return nil, fmt.Errorf("browser.remote.capabilities %s.args: expected flags as strings, got %v", chromeOptionsKey, a)
			}
			if !slices.Contains(args, any(s)) {
				args = append(args, s)
			}
		}
	}
	chrome["args"] = args
	always[chromeOptionsKey] = chrome
	return map[string]any{"capabilities": map[string]any{"alwaysMatch": always}}, nil
}

// alwaysMatch returns the alwaysMatch capabilities of a body from seleniumCapabilities.
func alwaysMatch(body map[string]any) map[string]any {
	c, _ := body["capabilities"].(map[string]any)
	a, _ := c["alwaysMatch"].(map[string]any)
	return a
}

// describeCaps renders the capabilities that pick a node, for messages:
// "{browserName: chrome, platformName: windows}". Browser options are left out.
func describeCaps(caps map[string]any) string {
	first := []string{"browserName", "browserVersion", "platformName"}
	var keys []string
	for k := range caps {
		if !slices.Contains(first, k) && k != chromeOptionsKey && !strings.HasSuffix(k, "Options") &&
			k != "se:webDriverExecutable" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range append(first, keys...) {
		v, ok := caps[k]
		if !ok {
			continue
		}
		switch v.(type) {
		case map[string]any, []any:
			b, _ := json.Marshal(v)
			parts = append(parts, fmt.Sprintf("%s: %s", k, b))
		default:
			parts = append(parts, fmt.Sprintf("%s: %v", k, v))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// normalizeJSON turns the maps a config decoder may produce (map[any]any, map[string]string,
// []string) into the map[string]any and []any that encoding/json produces, recursively.
func normalizeJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = normalizeJSON(x)
		}
		return m
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[fmt.Sprint(k)] = normalizeJSON(x)
		}
		return m
	case map[string]string:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = x
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, x := range t {
			l[i] = normalizeJSON(x)
		}
		return l
	case []string:
		l := make([]any, len(t))
		for i, x := range t {
			l[i] = x
		}
		return l
	}
	return v
}

// stereotypeMatches reports whether a node slot's stereotype could serve the requested
// capabilities, judged conservatively (like the grid's default slot matcher, but only on
// browserName, platformName and browserVersion): false only when one of those clearly differs.
func stereotypeMatches(req, stereo map[string]any) bool {
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return strings.TrimSpace(s) }
	if r, s := str(req, "browserName"), str(stereo, "browserName"); r != "" && s != "" && !strings.EqualFold(r, s) {
		return false
	}
	if r, s := platformFamily(str(req, "platformName")), platformFamily(str(stereo, "platformName")); r != "" && s != "" && r != s {
		return false
	}
	r, s := strings.ToLower(str(req, "browserVersion")), strings.ToLower(str(stereo, "browserVersion"))
	switch r {
	case "", "stable", "latest", "beta", "dev", "canary":
		return true
	}
	return s == "" || strings.HasPrefix(s, r)
}

// platformFamily maps a W3C platformName to windows, mac or linux; "" when it says nothing
// definite (any, unix, unknown names).
func platformFamily(p string) string {
	p = strings.ToLower(p)
	switch {
	case strings.HasPrefix(p, "win"), strings.Contains(p, "windows"):
		return "windows"
	case strings.Contains(p, "mac"), strings.Contains(p, "os x"), p == "darwin":
		return "mac"
	case p == "linux":
		return "linux"
	}
	return ""
}
