package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// LoadOptions says where Load reads the configuration from.
type LoadOptions struct {
	// File is the config file (--config). It must exist. "" means the
	// --config flag in Flags if set, else DefaultFile in Dir if present.
	// A relative path is resolved against Dir.
	File string
	// Flags is the flag set that BindFlags registered on; may be nil.
	Flags *pflag.FlagSet
	// Env is the environment as KEY=value entries; nil means os.Environ().
	Env []string
	// Dir is where DefaultFile is looked up; "" means the working directory.
	Dir string
	// Defaults are a suite's own defaults of e2e's keys, dotted key to value (flows.Suite's
	// Defaults): they replace the built-in defaults and lose to the file, the environment and
	// the flags. An unknown key is an error.
	Defaults map[string]any
}

// Error is a configuration mistake the user can fix; use errors.As to
// tell it from other errors. Key is the dotted key at fault, or "" when
// the error is about the file as a whole (a missing file, a YAML syntax
// error, an unknown key).
type Error struct {
	Key string
	Msg string
}

// Error returns one line such as
// `config: timeouts.flow: expected a duration like "30s", got "abc"`.
func (e *Error) Error() string {
	msg := strings.Join(strings.Fields(e.Msg), " ")
	if e.Key == "" {
		return "config: " + msg
	}
	return "config: " + e.Key + ": " + msg
}

// Load reads the defaults, the config file, the environment and the flags
// the user set, in that order of precedence, then validates the result
// and applies the debug-mode implications. Every user mistake is returned
// as *Error.
func Load(opts LoadOptions) (cfg *Config, err error) {
	defer func() {
		// Load must not take the CLI down on any input; a panic here is a
		// bug, reported as an error instead.
		if r := recover(); r != nil {
			cfg, err = nil, &Error{Msg: fmt.Sprintf("internal error while loading the configuration: %v", r)}
		}
	}()
	return load(opts)
}

// load is Load without the panic guard (the fuzz test calls it).
func load(opts LoadOptions) (*Config, error) {
	v := viper.New()
	for _, k := range schema {
		if !k.isMap() {
			v.SetDefault(k.key, k.defaultValue())
		}
	}
	for key, val := range opts.Defaults {
		k, ok := keyByName[key]
		if !ok || k.isMap() {
			return nil, &Error{Key: key, Msg: "the suite's default of an unknown key (or a map-valued one): fix the suite's Defaults"}
		}
		v.SetDefault(key, val)
	}

	path, label, err := findFile(opts)
	if err != nil {
		return nil, err
	}
	fileValues := map[string]any{}
	if path != "" {
		if fileValues, err = readFile(path, label); err != nil {
			return nil, err
		}
	}
	envValues, envFrom, err := envLayer(opts.Env)
	if err != nil {
		return nil, err
	}
	// File and environment form viper's config layer, the environment
	// merged over the file. Map-valued keys stay out of viper because it
	// lower-cases map keys (capability names are case-sensitive).
	if err := v.MergeConfigMap(nestScalars(fileValues)); err != nil {
		return nil, &Error{Msg: label + ": " + err.Error()}
	}
	if err := v.MergeConfigMap(nestScalars(envValues)); err != nil {
		return nil, &Error{Msg: "environment: " + err.Error()}
	}
	flagsSet, err := bindFlags(v, opts.Flags)
	if err != nil {
		return nil, err
	}

	source := func(key string) string {
		if f, ok := flagsSet[key]; ok {
			return f
		}
		return envFrom[key]
	}
	explicit := func(key string) bool {
		_, inFile := fileValues[key]
		_, inEnv := envValues[key]
		_, inFlags := flagsSet[key]
		return inFile || inEnv || inFlags
	}

	// Every mistake is collected, a bad value replaced by its default, so that of several the
	// first in the schema is reported, whether its type or its meaning is wrong.
	var errs []error
	values := make(map[string]any, len(schema))
	for _, k := range schema {
		var raw any
		if k.isMap() {
			if f, ok := flagValue(opts.Flags, k.key, flagsSet); ok {
				raw = f
			} else if e, ok := envValues[k.key]; ok {
				raw = e
			} else {
				raw = fileValues[k.key]
			}
		} else {
			raw = v.Get(k.key)
		}
		val, msg := convert(k, raw)
		if msg != "" {
			errs = append(errs, &Error{Key: k.key, Msg: msg + fromSuffix(source(k.key))})
			val = k.defaultValue()
		}
		values[k.key] = val
	}

	// Reporters configured, in the file or the environment (which replaces the file's, as for
	// any key), add to "list" (and "github" in GitHub Actions, as Playwright's do); --reporter
	// is the whole list and replaces them all.
	reporters := values["run.reporters"].([]string)
	if _, byFlag := flagsSet["run.reporters"]; !byFlag {
		base := []string{string(report.ReporterList)}
		if lookupEnv(opts.Env, "GITHUB_ACTIONS") == "true" {
			base = append(base, string(report.ReporterGitHub))
		}
		_, inFile := fileValues["run.reporters"]
		_, inEnv := envValues["run.reporters"]
		if inFile || inEnv || len(base) > 1 {
			reporters = append(base, reporters...)
		}
	}
	values["run.reporters"] = dedupe(reporters)

	suite := splitSuiteValues(values)
	cfg, err := decodeValues(values)
	if err != nil {
		return nil, &Error{Msg: "internal error while decoding the configuration: " + err.Error()}
	}
	cfg.suite = suite
	cfg.file = path
	cfg.workersSet = explicit("run.workers")
	if cfg.Backend.APIURL == "" {
		cfg.Backend.APIURL = cfg.BaseURL
	}
	errs = append(errs, validate(cfg, source), checkSuiteValues(suite, source))
	if err := firstInSchema(slices.DeleteFunc(errs, func(err error) bool { return err == nil })); err != nil {
		return nil, err
	}
	if cfg.Debug.Enabled {
		// Debug mode's settings, each unless the command line (or the environment) sets it; a
		// config file's project-wide timeout does not count, slow motion from anywhere does.
		onCommandLine := func(key string) bool { return source(key) != "" }
		if !onCommandLine("browser.headless") {
			cfg.Browser.Headless = false
		}
		if !onCommandLine("browser.highlight") {
			cfg.Browser.Highlight = true
		}
		if !onCommandLine("timeouts.flow") {
			cfg.Timeouts.Flow = 0
		}
		if !explicit("browser.slowmo") {
			cfg.Browser.SlowMo = debugSlowMo
		}
	}
	return cfg, nil
}

// dedupe keeps the first of each string.
func dedupe(list []string) []string {
	seen := make(map[string]bool, len(list))
	out := make([]string, 0, len(list))
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
