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

	"go.yaml.in/yaml/v3"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

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
		msg := fmt.Sprintf("unknown key %s in %s", redact.Quote(full), label)
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
