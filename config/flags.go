package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/audit"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/visual"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// flagKind is how a flag is registered on the FlagSet.
type flagKind int

const (
	flagString       flagKind = iota
	flagBool                  // plain bool
	flagInt                   // int
	flagDuration              // time.Duration
	flagStringSlice           // comma list; repeating the flag appends
	flagStringArray           // repeatable, no comma splitting
	flagFirstFailure          // bool that sets its int key to 1 (-x: --max-failures 1)
)

// flagSpec binds one flag to a dotted key.
type flagSpec struct {
	name, short string
	key         string // "" for --config
	kind        flagKind
	invert      bool // --headed sets browser.headless to the opposite
	usage       string
}

// configFlag names the flag that selects the config file.
const configFlag = "config"

var flagSpecs = []flagSpec{
	{configFlag, "", "", flagString, false, `config file (default "` + DefaultFile + `" in the working directory, if present)`},
	{"base-url", "", "base_url", flagString, false, "URL of the app under test (empty: the app the suite or app.servers starts)"},
	{"headed", "", "browser.headless", flagBool, true, "show the browser window"},
	{"browser-bin", "", "browser.bin", flagString, false, "browser binary to launch"},
	{"slowmo", "", "browser.slowmo", flagDuration, false, "delay between browser actions"},
	{"devtools", "", "browser.devtools", flagBool, false, "open DevTools (headed mode)"},
	{"highlight", "", "browser.highlight", flagBool, false, "highlight elements before acting on them"},
	{"remote-kind", "", "browser.remote.kind", flagString, false, "use a remote browser: " + OneOf(browser.RemoteKinds)},
	{"remote-url", "", "browser.remote.url", flagString, false, "remote browser endpoint"},
	{"timeout", "", "timeouts.flow", flagDuration, false, "time limit per flow (0: none)"},
	{"action-timeout", "", "timeouts.action", flagDuration, false, "time limit per browser action"},
	{"artifacts-dir", "", "artifacts.dir", flagString, false, "directory for traces, screenshots and HAR files"},
	{"artifacts-mode", "", "artifacts.mode", flagString, false, "when a flow's evidence is kept: " + OneOf(artifacts.Modes)},
	{"trace", "", "artifacts.trace", flagString, false, "when a flow's trace is kept: " + OneOf(artifacts.Modes)},
	{"workers", "j", "run.workers", flagInt, false, "parallel workers (0: number of CPUs)"},
	{"retries", "", "run.retries", flagInt, false, "retries of a failed flow"},
	{"repeat-each", "", "run.repeat_each", flagInt, false, "run each flow this many times"},
	{"fail-on-flaky", "", "run.fail_on_flaky", flagBool, false, "fail the run when a flow passes only on retry"},
	{"max-failures", "", "run.max_failures", flagInt, false, "stop starting flows once this many have failed (0: never; -x: 1)"},
	{"fail-fast", "x", "run.max_failures", flagFirstFailure, false, "stop after the first failure: --max-failures 1"},
	{"global-timeout", "", "run.global_timeout", flagDuration, false, "time limit of the whole run: running flows are then interrupted (0: none)"},
	{"last-failed", "", "run.last_failed", flagBool, false, "run only the flows that failed in the last run"},
	{"grep", "g", "run.grep", flagString, false, "run only flows matching this regexp"},
	{"grep-invert", "", "run.grep_invert", flagString, false, "skip flows matching this regexp"},
	{"shard", "", "run.shard", flagString, false, `run shard "i/n" of the flows`},
	{"reporter", "", "run.reporters", flagStringSlice, false, "reporters, comma-separated: " + strings.Join(Strings(report.ReporterNames), ", ") + " (the whole list: replaces list, github and the configured ones)"},
	{"list", "", "run.list", flagBool, false, "list the flows instead of running them"},
	{"project", "", "run.projects", flagStringSlice, false, "run only this project (repeat for several; default: every project)"},
	{"pin-workers", "", "run.pin_workers", flagString, false, "run each worker's browser on CPUs of its own: " + OneOf(browser.PinModes) + " (auto: when there are as many workers as CPUs)"},
	{"debug", "", "debug.enabled", flagBool, false, "debug mode: headed, one worker, no flow timeout, slowmo, highlight, pause on failure"},
	{"pause-before", "", "debug.pause_before", flagString, false, "pause before steps matching this regexp"},
	{"audit", "", "audit.enabled", flagBool, false, "audit every flow: passive security rules, page timings, budgets (--audit=false: off)"},
	{"update-snapshots", "", "snapshots.update", flagString, false, "when screenshot and ARIA baselines are written: " + OneOf(visual.Updates) + " (missing: write a missing one and fail the flow)"},
	{"audit-a11y", "", "audit.a11y.level", flagString, false, "run axe-core on every distinct page state a flow reached: " + OneOf(audit.Levels)},
	{"api-url", "", "backend.api_url", flagString, false, "URL of the API of the app under test (default: the base URL)"},
	{"db-driver", "", "backend.db.driver", flagString, false, "database driver of the probe: " + OneOf(backend.Drivers) + " (MariaDB too)"},
	{"db-dsn", "", "backend.db.dsn", flagString, false, "app database DSN: SQLite file, postgres://user:pw@host/db or user:pw@tcp(host:3306)/db"},
	{"app-servers", "", "app.servers", flagString, false, `servers of the app to start before the flows, as a JSON list like [{"command":"./serve","url":"http://127.0.0.1:8080/health"}]`},
	{"app-seed", "", "app.seed", flagString, false, `steps that load the app's test data, as a JSON list like [{"sql":"testdata/seed.sql"}]`},
	{"app-reset", "", "app.reset", flagString, false, "steps that reset the app's data before each round of the run, as a JSON list"},
	{"reuse-existing", "", "app.reuse_existing", flagString, false, "reuse a server already answering at its URL: " + OneOf(ReuseModes) + " (auto: except in CI)"},
	{"ready-timeout", "", "app.ready_timeout", flagDuration, false, "how long each server of the app gets to answer at its URL"},
}

// BindFlags registers every configuration flag on fs. Flags whose name is
// already defined on fs are skipped, so calling it twice is harmless. Pass
// the same FlagSet to Load in LoadOptions.Flags; only flags the user set
// override the file and the environment.
func BindFlags(fs *pflag.FlagSet) {
	for _, f := range flagSpecs {
		if fs.Lookup(f.name) != nil {
			continue
		}
		short := f.short
		if short != "" && fs.ShorthandLookup(short) != nil {
			short = "" // taken by the command: keep the long form only
		}
		var def any
		if k, ok := keyByName[f.key]; ok {
			def = k.defaultValue()
		}
		switch f.kind {
		case flagString:
			s, _ := def.(string)
			fs.StringP(f.name, short, s, f.usage)
		case flagBool:
			b, _ := def.(bool)
			if f.invert {
				b = !b
			}
			fs.BoolP(f.name, short, b, f.usage)
		case flagInt:
			i, _ := def.(int)
			fs.IntP(f.name, short, i, f.usage)
		case flagDuration:
			d, _ := def.(time.Duration)
			fs.DurationP(f.name, short, d, f.usage)
		case flagStringSlice:
			l, _ := def.([]string)
			fs.StringSliceP(f.name, short, l, f.usage)
		case flagStringArray:
			l, _ := def.([]string)
			fs.StringArrayP(f.name, short, l, f.usage)
		case flagFirstFailure:
			fs.BoolP(f.name, short, false, f.usage)
		}
	}
}

// bindFlags binds the flags present on fs to their keys in v and returns
// the flags the user set, by key. The inverted --headed and list flags are
// applied as viper overrides, and only when set.
func bindFlags(v *viper.Viper, fs *pflag.FlagSet) (map[string]string, error) {
	set := map[string]string{}
	if fs == nil {
		return set, nil
	}
	for _, spec := range flagSpecs {
		f := fs.Lookup(spec.name)
		if f == nil || spec.key == "" {
			continue
		}
		if f.Changed {
			set[spec.key] = "--" + spec.name
		}
		sv, isSlice := f.Value.(pflag.SliceValue)
		switch {
		case keyByName[spec.key].isMap():
			// Read by load through flagValue: viper would lower-case the keys of the JSON.
		case spec.kind == flagFirstFailure:
			if f.Changed && f.Value.String() == "true" {
				v.Set(spec.key, 1)
			}
		case spec.invert:
			if f.Changed {
				b, err := strconv.ParseBool(f.Value.String())
				if err != nil {
					return nil, &Error{Key: spec.key, Msg: fmt.Sprintf("expected true or false, got %s (from --%s)", redact.Quote(f.Value.String()), spec.name)}
				}
				v.Set(spec.key, !b)
			}
		case isSlice:
			// Read lists directly: viper's CSV round trip drops empty
			// entries, which validation must see.
			if f.Changed {
				v.Set(spec.key, sv.GetSlice())
			}
		default:
			if err := v.BindPFlag(spec.key, f); err != nil {
				return nil, &Error{Key: spec.key, Msg: err.Error()}
			}
		}
	}
	return set, nil
}

// flagValue returns the value of the flag bound to key when the user set it.
func flagValue(fs *pflag.FlagSet, key string, set map[string]string) (string, bool) {
	name, ok := set[key]
	if !ok || fs == nil {
		return "", false
	}
	f := fs.Lookup(strings.TrimPrefix(name, "--"))
	if f == nil {
		return "", false
	}
	return f.Value.String(), true
}

// configFile returns the --config value if the user set it.
func configFile(fs *pflag.FlagSet) string {
	if fs == nil {
		return ""
	}
	if f := fs.Lookup(configFlag); f != nil && f.Changed {
		return f.Value.String()
	}
	return ""
}
