package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
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
			return nil, &Error{Key: k.key, Msg: msg + fromSuffix(source(k.key))}
		}
		values[k.key] = val
	}

	// Reporters from the file add to "list"; from a flag or the
	// environment they replace it.
	reporters := values["run.reporters"].([]string)
	if _, inFile := fileValues["run.reporters"]; inFile && source("run.reporters") == "" {
		reporters = append([]string{ReporterList}, reporters...)
	}
	values["run.reporters"] = dedupe(reporters)

	cfg, err := decodeValues(values)
	if err != nil {
		return nil, &Error{Msg: "internal error while decoding the configuration: " + err.Error()}
	}
	cfg.file = path
	cfg.workersSet = explicit("run.workers")
	if cfg.Backend.APIURL == "" {
		cfg.Backend.APIURL = cfg.BaseURL
	}
	if err := validate(cfg, source); err != nil {
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

// findFile returns the config file to read ("" for none) and how to name
// it in messages.
func findFile(opts LoadOptions) (path, label string, err error) {
	given := opts.File
	if given == "" {
		given = configFile(opts.Flags)
	}
	if given != "" {
		path = given
		if !filepath.IsAbs(path) && opts.Dir != "" {
			path = filepath.Join(opts.Dir, path)
		}
		st, err := os.Stat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", "", &Error{Msg: "--" + configFlag + " " + given + ": no such file"}
		case err != nil:
			return "", "", &Error{Msg: "--" + configFlag + " " + given + ": " + reason(err)}
		case st.IsDir():
			return "", "", &Error{Msg: "--" + configFlag + " " + given + ": is a directory"}
		}
		return path, given, nil
	}
	path = DefaultFile
	if opts.Dir != "" {
		path = filepath.Join(opts.Dir, DefaultFile)
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", "", nil // the default file is optional
	case err != nil:
		return "", "", &Error{Msg: path + ": " + reason(err)}
	case st.IsDir():
		return "", "", &Error{Msg: path + ": is a directory"}
	}
	return path, path, nil
}

// reason drops the path that *fs.PathError repeats.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// readFile parses a YAML config file into raw values by dotted key,
// rejecting unknown keys. A null value counts as unset.
func readFile(path, label string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Msg: label + ": " + reason(err)}
	}
	var doc any
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(label, err)
	}
	for {
		var more any
		err := dec.Decode(&more)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, yamlError(label, err)
		}
		if more != nil { // only the first document would count: say so rather than ignore the rest
			return nil, &Error{Msg: label + ": holds more than one YAML document (a second after ---): keep one"}
		}
	}
	out := map[string]any{}
	if doc == nil {
		return out, nil // empty file
	}
	root, ok := asStringMap(doc)
	if !ok {
		return nil, &Error{Msg: fmt.Sprintf("%s: expected a mapping of keys at the top level, got %s", label, kindOf(doc))}
	}
	if err := walkFile(root, "", label, out); err != nil {
		return nil, err
	}
	return out, nil
}

// walkFile flattens one mapping of the file into out. Keys may be nested
// (browser: {bin: x}) or dotted (browser.bin: x).
func walkFile(m map[string]any, prefix, label string, out map[string]any) error {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names) // report the same error every time
	for _, name := range names {
		val := m[name]
		full := name
		if prefix != "" {
			full = prefix + "." + name
		}
		if _, ok := keyByName[full]; ok {
			if val == nil {
				continue
			}
			if _, dup := out[full]; dup {
				return &Error{Key: full, Msg: "set twice in " + label}
			}
			out[full] = normalize(val)
			continue
		}
		if sections[full] {
			if val == nil {
				continue
			}
			sub, ok := asStringMap(val)
			if !ok {
				return &Error{Key: full, Msg: "expected a mapping, got " + describe(val)}
			}
			if err := walkFile(sub, full, label, out); err != nil {
				return err
			}
			continue
		}
		// Name the first leaf under an unknown section, as that is what
		// the user meant to set: browsr: {bin: x} -> "browsr.bin".
		for {
			sub, ok := asStringMap(val)
			if !ok || len(sub) == 0 {
				break
			}
			first := ""
			for k := range sub {
				if first == "" || k < first {
					first = k
				}
			}
			full, val = full+"."+first, sub[first]
		}
		msg := fmt.Sprintf("unknown key %q in %s", full, label)
		if s := suggest(full); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return &Error{Msg: msg}
	}
	return nil
}

var yamlLine = regexp.MustCompile(`line (\d+): ([^\n]*)`)

// yamlError turns a YAML parser error into one line naming file and line.
func yamlError(label string, err error) *Error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return &Error{Msg: fmt.Sprintf("%s:%s: invalid YAML: %s", label, m[1], m[2])}
	}
	return &Error{Msg: label + ": invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// nestScalars turns raw values by dotted key into the nested map viper
// merges, leaving out map-valued keys.
func nestScalars(flat map[string]any) map[string]any {
	nested := map[string]any{}
	for key, val := range flat {
		if keyByName[key].isMap() {
			continue
		}
		setPath(nested, key, val)
	}
	return nested
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

// suggest returns the known key closest to an unknown one, or "".
func suggest(unknown string) string {
	lower := strings.ToLower(unknown)
	last := lower[strings.LastIndex(lower, ".")+1:]
	// The same leaf name in exactly one other section: headless ->
	// browser.headless.
	var same []string
	for _, k := range schema {
		if k.key[strings.LastIndex(k.key, ".")+1:] == last {
			same = append(same, k.key)
		}
	}
	if len(same) == 1 {
		return same[0]
	}
	best, bestDist := "", -1
	consider := func(c string) {
		if d := editDistance(lower, c); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	for _, k := range schema {
		consider(k.key)
	}
	secs := make([]string, 0, len(sections))
	for s := range sections {
		secs = append(secs, s)
	}
	sort.Strings(secs)
	for _, s := range secs {
		consider(s)
	}
	if bestDist <= max(1, min(3, len(lower)/4)) {
		return best
	}
	return ""
}

// editDistance is the optimal string alignment distance (Levenshtein
// plus adjacent transpositions) between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
