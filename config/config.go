// Package config loads the e2e configuration.
//
// Every setting has a dotted key (for example "timeouts.flow"). A value is
// taken from, in increasing order of precedence: the built-in default, the
// config file (e2e.yaml in the working directory if present, or the file
// named by --config), the environment (E2E_TIMEOUTS_FLOW and a few short
// aliases such as E2E_HEADED) and command-line flags that the user actually
// set (--timeout). Load validates the result and returns *Error for any
// mistake the user can fix.
package config

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/visual"
	"github.com/e2e-dev/e2e/route"
)

// DefaultFlowTimeout is the default of timeouts.flow, the time limit of each flow.
const DefaultFlowTimeout = 60 * time.Second

// DefaultFile is the config file looked up in the working directory when
// no --config is given. It is optional.
const DefaultFile = "e2e.yaml"

// Config is the effective configuration. Nested structs mirror the dotted
// keys; the mapstructure tags name each key segment.
type Config struct {
	// BaseURL is the URL of the app under test; empty means the app the suite
	// (its Start hook) or app.servers starts, whose URL the runner fills in.
	BaseURL string `mapstructure:"base_url"`
	// Each section holds the keys under its name (app.*, browser.*, ...): docs/configuration.md.
	App       AppConfig       `mapstructure:"app"`
	Browser   BrowserConfig   `mapstructure:"browser"`
	Timeouts  TimeoutsConfig  `mapstructure:"timeouts"`
	Artifacts ArtifactsConfig `mapstructure:"artifacts"`
	Backend   BackendConfig   `mapstructure:"backend"`
	Run       RunConfig       `mapstructure:"run"`
	Debug     DebugConfig     `mapstructure:"debug"`
	Network   NetworkConfig   `mapstructure:"network"`
	Locators  LocatorsConfig  `mapstructure:"locators"`
	Audit     AuditConfig     `mapstructure:"audit"`
	// Projects are the ways every flow runs (a device, overrides), with the suite's own.
	Projects []Project `mapstructure:"projects"`
	// Snapshots configures the screenshot and ARIA snapshot baselines.
	Snapshots SnapshotsConfig `mapstructure:"snapshots"`

	file       string         // config file that was read, "" if none
	workersSet bool           // run.workers was given by the file, env or a flag
	suite      map[string]any // registered sections' values by full key
}

// SnapshotsConfig configures the baselines of screenshot and ARIA snapshot checks.
type SnapshotsConfig struct {
	// Dir holds the baselines; a relative path is relative to the config file's folder, or
	// the working directory when no file was read (see Config.SnapshotsDir).
	Dir string `mapstructure:"dir"`
	// Update is when baselines are written: none, missing (the default: a missing baseline is
	// written and its flow fails), changed (those that fail their check too) or all (those
	// that differ at all).
	Update visual.Update `mapstructure:"update"`
	// Threshold is the per-pixel colour distance, 0 to 1 (pixelmatch's, in YIQ space), above
	// which a pixel of a screenshot check differs, for the checks that set none.
	Threshold float64 `mapstructure:"threshold"`
	// MaxDiffPixels is how many pixels of a screenshot may differ, for the checks that set none;
	// 0: none.
	MaxDiffPixels int `mapstructure:"max_diff_pixels"`
	// MaxDiffPixelRatio is the share of a screenshot's pixels, 0 to 1, that may differ, for the
	// checks that set none; 0: none. With MaxDiffPixels, the smaller allowance wins.
	MaxDiffPixelRatio float64 `mapstructure:"max_diff_pixel_ratio"`
}

// DefaultSnapshotsDir is the default of snapshots.dir.
const DefaultSnapshotsDir = "snapshots"

// SnapshotsDir returns snapshots.dir as an absolute path: relative to the folder of the config
// file read, or to the working directory.
func (c *Config) SnapshotsDir() string {
	dir := c.Snapshots.Dir
	if !filepath.IsAbs(dir) && c.file != "" {
		dir = filepath.Join(filepath.Dir(c.file), dir)
	}
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}

// LocatorsConfig configures how page objects find elements.
type LocatorsConfig struct {
	// TestIDAttribute is the attribute GetByTestID reads: data-testid (the default), data-test,
	// data-cy, ...
	TestIDAttribute string `mapstructure:"test_id_attribute"`
}

// BrowserConfig configures the local or remote browser.
type BrowserConfig struct {
	Bin       string        `mapstructure:"bin"`       // browser binary; "" = let the launcher find one
	Headless  bool          `mapstructure:"headless"`  // false = headed (--headed, E2E_HEADED)
	SlowMo    time.Duration `mapstructure:"slowmo"`    // delay between browser actions
	DevTools  bool          `mapstructure:"devtools"`  // open DevTools in headed mode
	Highlight bool          `mapstructure:"highlight"` // highlight elements before acting on them
	Args      []string      `mapstructure:"args"`      // extra browser command-line arguments
	Remote    RemoteConfig  `mapstructure:"remote"`
}

// RemoteConfig selects a remote browser instead of launching one locally.
type RemoteConfig struct {
	// Kind is "" (launch locally) or one of browser.RemoteKinds.
	Kind browser.Kind `mapstructure:"kind"`
	// URL is the endpoint; required when Kind is set.
	URL string `mapstructure:"url"`
	// Capabilities are extra WebDriver capabilities (selenium).
	Capabilities map[string]any `mapstructure:"capabilities"`
	// Headers are sent when connecting (e.g. an Authorization header).
	Headers map[string]string `mapstructure:"headers"`
	// SessionTimeout bounds creating a remote session.
	SessionTimeout time.Duration `mapstructure:"session_timeout"`
	// Direct lets a Selenium session's DevTools messages bypass the grid's proxy when the
	// node's browser runs on this machine.
	Direct bool `mapstructure:"direct"`
}

// TimeoutsConfig holds the run time limits.
type TimeoutsConfig struct {
	Flow     time.Duration `mapstructure:"flow"`     // per flow; 0 = none
	Action   time.Duration `mapstructure:"action"`   // per browser action
	Setup    time.Duration `mapstructure:"setup"`    // per setup or teardown call (context, page, session)
	Evidence time.Duration `mapstructure:"evidence"` // collecting a failure's evidence
}

// ArtifactsConfig configures traces, screenshots and HAR files.
type ArtifactsConfig struct {
	Dir  string         `mapstructure:"dir"`  // output directory
	Mode artifacts.Mode `mapstructure:"mode"` // when a flow's evidence is kept
	// Trace says when a flow's trace (a frame after each page action, the failure's DOM) is kept.
	Trace  artifacts.Mode `mapstructure:"trace"`
	HAR    HARConfig      `mapstructure:"har"`
	Redact RedactConfig   `mapstructure:"redact"`
}

// HARConfig configures HAR recording.
type HARConfig struct {
	MaxBody int64 `mapstructure:"max_body"` // bytes of each body to keep
}

// RedactConfig configures secret redaction in artifacts. The lists are
// extra names on top of the artifacts package's built-ins.
type RedactConfig struct {
	// Enabled replaces secrets with [REDACTED] in every artifact and report; false is for local
	// debugging only, and prints a warning.
	Enabled bool `mapstructure:"enabled"`
	// QueryParams are more query parameters whose values are secrets.
	QueryParams []string `mapstructure:"query_params"`
	// JSONKeys are more JSON keys whose values are secrets, in bodies the HAR keeps.
	JSONKeys []string `mapstructure:"json_keys"`
	// Headers are more headers whose values are secrets.
	Headers []string `mapstructure:"headers"`
}

// BackendConfig lets flows check the app's API and database directly.
type BackendConfig struct {
	// APIURL defaults to BaseURL.
	APIURL string     `mapstructure:"api_url"`
	DB     DBConfig   `mapstructure:"db"`
	Auth   AuthConfig `mapstructure:"auth"`
}

// AuthConfig says how API checks authenticate beyond the browser context's cookies.
type AuthConfig struct {
	// Kind is how API calls authenticate: cookies (the browser context's), storage (a token the
	// page keeps in its storage, sent as a header) or header (a fixed header from the
	// environment).
	Kind backend.AuthKind `mapstructure:"kind"`
	// Storage is where a storage token is kept: localStorage or sessionStorage.
	Storage backend.StorageArea `mapstructure:"storage"`
	// Key is the storage key that holds the token.
	Key string `mapstructure:"key"`
	// Path is the dotted JSON path of the token inside the key's value ("": all of it).
	Path string `mapstructure:"path"`
	// Header is the header that carries the token (storage) or the value (header).
	Header string `mapstructure:"header"`
	// Template is the storage token's header value, {{.}} being the token.
	Template string `mapstructure:"template"`
	// Env is the environment variable that holds the header's value (header).
	Env string `mapstructure:"env"`
}

// DBConfig names the database of the app under test.
type DBConfig struct {
	Driver string `mapstructure:"driver"` // "sqlite", "postgres" or "mysql" (MariaDB too)
	DSN    string `mapstructure:"dsn"`    // SQLite file, postgres:// URL or mysql DSN; password masked in output
}

// RunConfig controls which flows run and how.
type RunConfig struct {
	Workers     int                   `mapstructure:"workers"`       // 0 = number of CPUs; see Config.Workers
	Retries     int                   `mapstructure:"retries"`       // retries of a failed flow
	RepeatEach  int                   `mapstructure:"repeat_each"`   // runs of each flow (>= 1)
	FailOnFlaky bool                  `mapstructure:"fail_on_flaky"` // a flow that passed on retry fails the run
	Grep        string                `mapstructure:"grep"`          // Go regexp: run only matching flows
	GrepInvert  string                `mapstructure:"grep_invert"`   // Go regexp: skip matching flows
	Shard       string                `mapstructure:"shard"`         // "i/n" or ""; see ShardIndex
	Reporters   []report.ReporterName `mapstructure:"reporters"`     // deduplicated, at least one
	List        bool                  `mapstructure:"list"`          // list flows instead of running them
	PinWorkers  browser.PinMode       `mapstructure:"pin_workers"`   // one of browser.PinModes
	Projects    []string              `mapstructure:"projects"`      // --project: the projects to run; empty: all
	// MaxFailures stops the run from starting flows once this many have failed (-x: 1); 0: never.
	MaxFailures int `mapstructure:"max_failures"`
	// GlobalTimeout bounds the whole run: at the limit running flows are interrupted; 0: none.
	GlobalTimeout time.Duration `mapstructure:"global_timeout"`
	// LastFailed runs only the flows that failed in the last run (.last-run.json).
	LastFailed bool `mapstructure:"last_failed"`
}

// NetworkConfig virtualises the app's services for a whole run (chaos runs in CI): routes
// every flow's tab gets before it starts.
type NetworkConfig struct {
	// Routes are routes every flow's tab gets, as mappings: {action: abort, method: GET, url:
	// "/api/*", probability: 0.05} (see route.ParseRule for every field).
	Routes []map[string]any `mapstructure:"routes"`
	// Seed seeds the draws of routes with a probability, with each flow's id: the same seed
	// makes the same decisions. 0 picks one at random, shown in each flow's step log.
	Seed int64 `mapstructure:"seed"`
}

// Rules returns network.routes as routes; Load has checked them.
func (n NetworkConfig) Rules() ([]route.Rule, error) {
	out := make([]route.Rule, 0, len(n.Routes))
	for i, m := range n.Routes {
		r, err := route.ParseRule(m)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", i+1, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// DebugConfig configures debug mode.
type DebugConfig struct {
	// Enabled implies headed, highlight, no flow timeout, slowmo 250ms
	// unless slowmo was set, one worker unless run.workers was set, and
	// pausing on failure.
	Enabled bool `mapstructure:"enabled"`
	// PauseBefore is a Go regexp on step names to pause before.
	PauseBefore string `mapstructure:"pause_before"`
}

// debugSlowMo is the slowmo implied by debug mode unless slowmo is set.
const debugSlowMo = 250 * time.Millisecond

// File returns the config file that Load read, or "" if none was read.
func (c *Config) File() string { return c.file }

// Workers returns the effective number of workers for numFlows flows:
// run.workers, or the number of CPUs when it is 0; one in debug or headed
// mode unless run.workers was set explicitly; never more than numFlows and
// never less than 1.
func (c *Config) Workers(numFlows int) int {
	n := c.Run.Workers
	if n <= 0 {
		n = runtime.NumCPU()
	}
	if !c.workersSet && (c.Debug.Enabled || !c.Browser.Headless) {
		n = 1
	}
	if n > numFlows {
		n = numFlows
	}
	if n < 1 {
		n = 1
	}
	return n
}

// ShardIndex returns the 1-based shard index and the shard count of
// run.shard ("2/4" gives 2, 4), or 0, 0 when sharding is off. Load has
// validated the format.
func (r RunConfig) ShardIndex() (index, total int) {
	i, n, ok := parseShard(r.Shard)
	if !ok {
		return 0, 0
	}
	return i, n
}

// parseShard parses "i/n" with 1 <= i <= n.
func parseShard(s string) (i, n int, ok bool) {
	a, b, found := strings.Cut(s, "/")
	if !found {
		return 0, 0, false
	}
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || i < 1 || n < 1 || i > n {
		return 0, 0, false
	}
	return i, n, true
}

// Default returns the built-in defaults, as Load returns them when there
// is no config file, no E2E_* variable and no flag.
func Default() *Config {
	values := make(map[string]any, len(schema))
	for _, k := range schema {
		values[k.key] = k.defaultValue()
	}
	suite := splitSuiteValues(values)
	c, err := decodeValues(values)
	if err != nil {
		panic("config: defaults do not decode: " + err.Error()) // a bug in the schema table
	}
	c.suite = suite
	c.Backend.APIURL = c.BaseURL
	return c
}
