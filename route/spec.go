package route

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// Actions a configured route names in its "action" key.
var specActions = []string{"fulfil", "abort", "delay", "continue", "modify", "har"}

// specKeys are the keys a configured route may have, by action ("" for every action).
var specKeys = map[string][]string{
	"":         {"name", "action", "method", "url", "regexp", "resource_type", "probability", "times"},
	"fulfil":   {"status", "headers", "body", "json", "file"},
	"abort":    {"reason"},
	"delay":    {"delay", "status", "headers", "body", "json", "file"},
	"continue": {"headers"},
	"modify":   {"status", "headers", "merge"},
	"har":      {"har", "not_found", "update"},
}

// ParseRule turns a route of the configuration (e2e.yaml's network.routes, one mapping) into a
// Rule and checks it as Router.Add would: a bad regexp, an unreadable HAR or a probability
// outside 0-1 is an error of one line.
//
//	{action: abort, method: GET, url: "/api/*", probability: 0.05, reason: failed}
//	{action: fulfil, url: "/api/favourites/*", status: 500, json: {error: down}}
//	{action: delay, url: "/api/**", delay: 2s}          # then continue; with status: then fulfil
//	{action: continue, url: "/api/**", headers: {X-Debug: "1"}}
//	{action: modify, url: /api/products, merge: {items: []}}
//	{action: har, url: "/api/**", har: fixtures/api.har, not_found: fallback, update: false}
func ParseRule(m map[string]any) (Rule, error) {
	p := specParser{m: m}
	action := p.str("action")
	if !slices.Contains(specActions, action) {
		return Rule{}, fmt.Errorf("action: expected one of %s, got %s", strings.Join(specActions, ", "), redact.Quote(action))
	}
	allowed := append(append([]string{}, specKeys[""]...), specKeys[action]...)
	var unknown []string
	for k := range m {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return Rule{}, fmt.Errorf("unknown key %s for action %s (expected %s)", redact.Quote(unknown[0]), action, strings.Join(allowed, ", "))
	}
	r := Rule{
		Name:        p.str("name"),
		Match:       Match{Method: p.str("method"), URL: p.str("url"), Regexp: p.str("regexp"), ResourceType: p.str("resource_type")},
		Probability: p.number("probability", 0, 1, false, "a number from 0 to 1"),
		Times:       int(p.number("times", 0, maxTimes, true, fmt.Sprintf("a whole number from 0 to %d", maxTimes))),
	}
	fulfil := func() Fulfil {
		return Fulfil{Status: p.status(), Headers: p.strMap("headers"), Body: p.str("body"), JSON: m["json"], File: p.str("file")}
	}
	switch action {
	case "fulfil":
		r.Action = fulfil()
	case "abort":
		r.Action = Abort{Reason: p.str("reason")}
	case "delay":
		d := Delay{For: p.duration("delay")}
		if _, ok := m["status"]; ok {
			d.Then = fulfil()
		}
		r.Action = d
	case "continue":
		r.Action = Continue{Headers: p.strMap("headers")}
	case "modify":
		r.Action = Modify{Status: p.status(), Headers: p.strMap("headers"), Merge: m["merge"]}
	case "har":
		r.Action = HAR{File: p.str("har"), NotFound: p.str("not_found"), Update: p.bool("update")}
	}
	if p.err != nil {
		return Rule{}, p.err
	}
	if _, err := compileRule(r); err != nil {
		return Rule{}, err
	}
	return r, nil
}

// specParser reads typed values of a route's mapping, keeping the first error.
type specParser struct {
	m   map[string]any
	err error
}

// maxTimes bounds a route's times: far beyond any run, and within an int anywhere.
const maxTimes = 1_000_000_000

func (p *specParser) fail(key, want string, v any) {
	if p.err == nil {
		p.err = fmt.Errorf("%s: expected %s, got %s", key, want, shown(v))
	}
}

// shown is a value of the configuration as an error quotes it: bounded, a string masked by
// shape (redact.Quote).
func shown(v any) string {
	switch t := v.(type) {
	case string:
		return redact.Quote(t)
	case float64:
		return strconv.FormatFloat(t, 'g', -1, 64)
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return redact.Bound(fmt.Sprint(v), redact.MaxQuoted)
}

func (p *specParser) str(key string) string {
	switch v := p.m[key].(type) {
	case nil:
		return ""
	case string:
		return v
	case int, int64, float64, bool:
		return fmt.Sprint(v)
	default:
		p.fail(key, "a string", v)
		return ""
	}
}

// number reads a number from lo to hi (a whole one with whole); NaN and the infinities are
// none, and a number beyond an int's range does not wrap: it fails, as want says.
func (p *specParser) number(key string, lo, hi float64, whole bool, want string) float64 {
	var f float64
	switch v := p.m[key].(type) {
	case nil:
		return 0
	case int:
		f = float64(v)
	case int64:
		f = float64(v)
	case uint64:
		f = float64(v)
	case float64:
		f = v
	case string:
		var err error
		if f, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
			p.fail(key, want, v)
			return 0
		}
	default:
		p.fail(key, want, v)
		return 0
	}
	if math.IsNaN(f) || f < lo || f > hi || whole && f != math.Trunc(f) {
		p.fail(key, want, f)
		return 0
	}
	return f
}

// status reads an HTTP status; 0 when absent (the action's default).
func (p *specParser) status() int {
	if _, ok := p.m["status"]; !ok {
		return 0
	}
	return int(p.number("status", 100, 599, true, "an HTTP status from 100 to 599"))
}

func (p *specParser) bool(key string) bool {
	switch v := p.m[key].(type) {
	case nil:
		return false
	case bool:
		return v
	default:
		p.fail(key, "true or false", v)
		return false
	}
}

func (p *specParser) duration(key string) time.Duration {
	switch v := p.m[key].(type) {
	case nil:
		return 0
	case string:
		d, err := time.ParseDuration(v)
		if err != nil {
			p.fail(key, `a duration like "2s"`, v)
		}
		return d
	default:
		p.fail(key, `a duration like "2s"`, v)
		return 0
	}
}

func (p *specParser) strMap(key string) map[string]string {
	raw, ok := p.m[key]
	if !ok || raw == nil {
		return nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		p.fail(key, "a mapping of strings", raw)
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = fmt.Sprint(v)
	}
	return out
}
