package config

// The schema: every key with the kind of its value and its default, and the decoding of a map
// of values into a Config.

import (
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/visual"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// kind is the type of a key's value.
type kind int

const (
	kindString      kind = iota // string
	kindBool                    // bool
	kindInt                     // int
	kindDuration                // time.Duration
	kindBytes                   // int64, from an int or "1MiB"
	kindStrings                 // []string
	kindAnyMap                  // map[string]any
	kindStringMap               // map[string]string
	kindMapList                 // []map[string]any
	kindServers                 // []AppServer, from a list of mappings or a JSON string
	kindSteps                   // []AppStep, likewise
	kindHTTPCalls               // []AppHTTPCall, inside a step only
	kindAnyValue                // any JSON value, inside a step only
	kindProjects                // []Project, from a list of mappings or a JSON string
	kindGeolocation             // a project's geolocation: a mapping, inside a project only
	kindFloat                   // float64
)

// keySpec describes one dotted key.
type keySpec struct {
	key  string
	kind kind
	def  any
}

// defaultValue returns a fresh copy of the key's default.
func (k keySpec) defaultValue() any {
	switch k.kind {
	case kindStrings:
		return append([]string{}, k.def.([]string)...)
	case kindAnyMap:
		return map[string]any{}
	case kindStringMap:
		return map[string]string{}
	case kindMapList:
		return []map[string]any{}
	case kindServers:
		return []AppServer{}
	case kindSteps:
		return []AppStep{}
	case kindProjects:
		return []Project{}
	}
	return k.def
}

// isMap reports whether the key holds a map, or a list of mappings; such keys keep the case of
// their map keys and so bypass viper, which lower-cases them.
func (k keySpec) isMap() bool {
	return k.kind == kindAnyMap || k.kind == kindStringMap || k.kind == kindMapList ||
		k.kind == kindServers || k.kind == kindSteps || k.kind == kindProjects
}

// schema lists every key in display order; docs/configuration.md is generated from it.
//
//go:generate go run ../internal/configdoc -config . -o ../docs/configuration.md
var schema = []keySpec{
	{"base_url", kindString, ""},
	{"app.servers", kindServers, nil},
	{"app.seed", kindSteps, nil},
	{"app.reset", kindSteps, nil},
	{"app.reuse_existing", kindString, string(ReuseAuto)},
	{"app.ready_timeout", kindDuration, DefaultReadyTimeout},
	{"app.stop_timeout", kindDuration, DefaultStopTimeout},
	{"browser.bin", kindString, ""},
	{"browser.headless", kindBool, true},
	{"browser.slowmo", kindDuration, time.Duration(0)},
	{"browser.devtools", kindBool, false},
	{"browser.highlight", kindBool, false},
	{"browser.args", kindStrings, []string{}},
	{"browser.remote.kind", kindString, ""},
	{"browser.remote.url", kindString, ""},
	{"browser.remote.capabilities", kindAnyMap, nil},
	{"browser.remote.headers", kindStringMap, nil},
	{"browser.remote.session_timeout", kindDuration, browser.DefaultSessionTimeout},
	{"browser.remote.direct", kindBool, true},
	{"timeouts.flow", kindDuration, DefaultFlowTimeout},
	{"timeouts.action", kindDuration, steps.DefaultActionTimeout},
	{"timeouts.setup", kindDuration, browser.DefaultSetupTimeout},
	{"timeouts.evidence", kindDuration, browser.DefaultEvidenceTimeout},
	{"artifacts.dir", kindString, artifacts.DefaultDir},
	{"artifacts.mode", kindString, string(artifacts.ModeRetainOnFailure)},
	{"artifacts.trace", kindString, string(artifacts.ModeRetainOnFailure)},
	{"artifacts.har.max_body", kindBytes, har.DefaultMaxBody},
	{"artifacts.redact.enabled", kindBool, true},
	{"artifacts.redact.query_params", kindStrings, []string{}},
	{"artifacts.redact.json_keys", kindStrings, []string{}},
	{"artifacts.redact.headers", kindStrings, []string{}},
	{"backend.api_url", kindString, ""},
	{"backend.db.driver", kindString, backend.DriverSQLite},
	{"backend.db.dsn", kindString, ""},
	{"backend.auth.kind", kindString, string(backend.AuthCookies)},
	{"backend.auth.storage", kindString, string(backend.StorageLocal)},
	{"backend.auth.key", kindString, ""},
	{"backend.auth.path", kindString, ""},
	{"backend.auth.header", kindString, "Authorization"},
	{"backend.auth.template", kindString, "Bearer {{.}}"},
	{"backend.auth.env", kindString, ""},
	{"run.workers", kindInt, 0},
	{"run.retries", kindInt, 0},
	{"run.repeat_each", kindInt, 1},
	{"run.fail_on_flaky", kindBool, false},
	{"run.grep", kindString, ""},
	{"run.grep_invert", kindString, ""},
	{"run.shard", kindString, ""},
	{"run.reporters", kindStrings, []string{string(report.ReporterList)}},
	{"run.list", kindBool, false},
	{"run.pin_workers", kindString, string(browser.PinAuto)},
	{"run.projects", kindStrings, []string{}},
	{"run.max_failures", kindInt, 0},
	{"run.global_timeout", kindDuration, time.Duration(0)},
	{"run.last_failed", kindBool, false},
	{"debug.enabled", kindBool, false},
	{"debug.pause_before", kindString, ""},
	{"network.routes", kindMapList, nil},
	{"network.seed", kindInt, 0},
	{"locators.test_id_attribute", kindString, pages.DefaultTestIDAttribute},
	{"projects", kindProjects, nil},
	{"snapshots.dir", kindString, DefaultSnapshotsDir},
	{"snapshots.update", kindString, string(visual.UpdateMissing)},
	{"snapshots.threshold", kindFloat, visual.DefaultThreshold},
	{"snapshots.max_diff_pixels", kindInt, 0},
	{"snapshots.max_diff_pixel_ratio", kindFloat, 0.0},
}

// Lookup tables derived from schema.
var (
	keyByName = map[string]keySpec{} // leaf key -> spec
	sections  = map[string]bool{}    // "browser", "browser.remote", ...
	keyRank   = map[string]int{}     // key or section -> display position
)

func init() {
	schema = append(schema, auditKeys()...)
	for _, k := range schema {
		index(k)
	}
}

// index adds k to the lookup tables.
func index(k keySpec) {
	keyByName[k.key] = k
	parts := strings.Split(k.key, ".")
	for i := 1; i < len(parts); i++ {
		sec := strings.Join(parts[:i], ".")
		sections[sec] = true
		if _, ok := keyRank[sec]; !ok {
			keyRank[sec] = len(keyRank)
		}
	}
	keyRank[k.key] = len(keyRank)
}

// decodeValues turns typed values by dotted key into a Config through the
// mapstructure tags; every value must land in a field (the tests check
// that every field has a key).
func decodeValues(values map[string]any) (*Config, error) {
	nested := map[string]any{}
	for key, val := range values {
		setPath(nested, key, val)
	}
	c := &Config{}
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		Result:      c,
		ErrorUnused: true,
	})
	if err != nil {
		return nil, err
	}
	if err := dec.Decode(nested); err != nil {
		return nil, err
	}
	return c, nil
}

// setPath stores val under the dotted key in a nested map.
func setPath(m map[string]any, key string, val any) {
	parts := strings.Split(key, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = val
}
