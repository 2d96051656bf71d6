package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// convert turns a raw value (from YAML, the environment, a flag or a
// default) into the key's Go type. On failure it returns a message for
// Error.Msg such as `expected a duration like "30s", got "abc"`.
func convert(k keySpec, raw any) (any, string) {
	if raw == nil {
		return k.defaultValue(), ""
	}
	switch k.kind {
	case kindString:
		return toString(raw)
	case kindBool:
		return toBool(raw)
	case kindInt:
		return toInt(raw)
	case kindDuration:
		return toDuration(raw)
	case kindBytes:
		return toBytes(raw)
	case kindStrings:
		return toStrings(raw)
	case kindAnyMap:
		return toAnyMap(raw)
	case kindStringMap:
		return toStringMap(raw)
	case kindMapList:
		return toMapList(raw)
	case kindServers, kindSteps, kindProjects:
		return toObjects(k.kind, raw)
	case kindFloat:
		return toFloat(raw)
	}
	return nil, fmt.Sprintf("unsupported key kind %d", k.kind)
}

func toString(raw any) (any, string) {
	switch v := raw.(type) {
	case string:
		return v, ""
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return fmt.Sprint(v), ""
	}
	return nil, "expected a string, got " + describe(raw)
}

func toBool(raw any) (any, string) {
	const want = "expected true or false, got "
	switch v := raw.(type) {
	case bool:
		return v, ""
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "t", "1", "yes", "y", "on":
			return true, ""
		case "false", "f", "0", "no", "n", "off":
			return false, ""
		}
	default:
		if i, ok := integral(raw); ok && (i == 0 || i == 1) {
			return i == 1, ""
		}
	}
	return nil, want + describe(raw)
}

func toInt(raw any) (any, string) {
	if s, ok := raw.(string); ok {
		i, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return nil, "expected an integer, got " + describe(raw)
		}
		return i, ""
	}
	i, ok := integral(raw)
	if !ok || i < math.MinInt || i > math.MaxInt {
		return nil, "expected an integer, got " + describe(raw)
	}
	return int(i), ""
}

func toDuration(raw any) (any, string) {
	const want = `expected a duration like "30s", got `
	var d time.Duration
	switch v := raw.(type) {
	case time.Duration:
		d = v
	case string:
		var err error
		d, err = time.ParseDuration(strings.TrimSpace(v))
		if err != nil {
			return nil, want + describe(raw)
		}
	default:
		i, ok := integral(raw)
		if !ok {
			return nil, want + describe(raw)
		}
		if i != 0 {
			return nil, fmt.Sprintf("%s%d (add a unit, e.g. \"%ds\")", want, i, i)
		}
	}
	if d < 0 {
		return nil, "must not be negative, got " + strconv.Quote(d.String())
	}
	return d, ""
}

func toBytes(raw any) (any, string) {
	const want = `expected a size in bytes like 1048576, "512KB" or "1MiB", got `
	if s, ok := raw.(string); ok {
		n, ok := parseBytes(s)
		if !ok {
			return nil, want + describe(raw)
		}
		return n, ""
	}
	i, ok := integral(raw)
	if !ok {
		return nil, want + describe(raw)
	}
	if i < 0 {
		return nil, "must not be negative, got " + describe(raw)
	}
	return i, ""
}

// byteUnits maps lower-case unit suffixes to multipliers: KB, MB, GB are
// decimal, KiB, MiB, GiB binary.
var byteUnits = map[string]float64{
	"": 1, "b": 1,
	"k": 1e3, "kb": 1e3, "ki": 1 << 10, "kib": 1 << 10,
	"m": 1e6, "mb": 1e6, "mi": 1 << 20, "mib": 1 << 20,
	"g": 1e9, "gb": 1e9, "gi": 1 << 30, "gib": 1 << 30,
}

// parseBytes parses "1048576", "512KB", "1.5 MiB" (units case-insensitive).
func parseBytes(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	num, unit := s[:i], strings.ToLower(strings.TrimSpace(s[i:]))
	mult, ok := byteUnits[unit]
	if num == "" || !ok {
		return 0, false
	}
	if !strings.Contains(num, ".") {
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || n > math.MaxInt64/int64(mult) {
			return 0, false
		}
		return n * int64(mult), true
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	f *= mult
	if f != math.Trunc(f) || f >= math.MaxInt64 {
		return 0, false
	}
	return int64(f), true
}

// formatBytes renders n as "1MiB" or "512KiB" when exact, else as digits.
func formatBytes(n int64) any {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n != 0 && n%u.size == 0 {
			return fmt.Sprintf("%d%s", n/u.size, u.name)
		}
	}
	return n
}

func toStrings(raw any) (any, string) {
	const want = "expected a list of strings, got "
	switch v := raw.(type) {
	case []string:
		return append([]string{}, v...), ""
	case []any:
		out := make([]string, 0, len(v))
		for i, e := range v {
			s, msg := toString(e)
			if msg != "" {
				return nil, fmt.Sprintf("%s%s at index %d", want, describe(e), i)
			}
			out = append(out, s.(string))
		}
		return out, ""
	case map[string]any, map[any]any:
		return nil, want + describe(raw)
	}
	// A single scalar is a one-element list.
	s, msg := toString(raw)
	if msg != "" {
		return nil, want + describe(raw)
	}
	return []string{s.(string)}, ""
}

func toAnyMap(raw any) (any, string) {
	m, ok := asStringMap(raw)
	if !ok {
		return nil, "expected a mapping, got " + describe(raw)
	}
	return normalize(m).(map[string]any), ""
}

func toMapList(raw any) (any, string) {
	if ms, ok := raw.([]map[string]any); ok {
		raw = make([]any, len(ms))
		for i, m := range ms {
			raw.([]any)[i] = m
		}
	}
	l, ok := raw.([]any)
	if !ok {
		return nil, "expected a list of mappings, got " + describe(raw)
	}
	out := make([]map[string]any, len(l))
	for i, e := range l {
		m, ok := asStringMap(e)
		if !ok {
			return nil, fmt.Sprintf("entry %d: expected a mapping, got %s", i+1, describe(e))
		}
		out[i] = normalize(m).(map[string]any)
	}
	return out, ""
}

func toStringMap(raw any) (any, string) {
	m, ok := asStringMap(raw)
	if !ok {
		return nil, "expected a mapping of strings, got " + kindOf(raw)
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if v == nil {
			out[k] = ""
			continue
		}
		s, msg := toString(v)
		if msg != "" {
			return nil, fmt.Sprintf("expected a mapping of strings, got %s at %s", kindOf(v), redact.Quote(k))
		}
		out[k] = s.(string)
	}
	return out, ""
}

// asStringMap accepts the map shapes YAML and JSON decoders produce.
func asStringMap(raw any) (map[string]any, bool) {
	switch v := raw.(type) {
	case map[string]any:
		return v, true
	case map[string]string:
		m := make(map[string]any, len(v))
		for k, s := range v {
			m[k] = s
		}
		return m, true
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[fmt.Sprint(k)] = e
		}
		return m, true
	}
	return nil, false
}

// normalize deep-copies a decoded YAML/JSON value, turning every map into
// map[string]any.
func normalize(v any) any {
	if m, ok := asStringMap(v); ok {
		out := make(map[string]any, len(m))
		for k, e := range m {
			out[k] = normalize(e)
		}
		return out
	}
	if l, ok := v.([]any); ok {
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = normalize(e)
		}
		return out
	}
	return v
}

// integral returns raw as an int64 if it is a whole number.
func integral(raw any) (int64, bool) {
	switch v := raw.(type) {
	case int:
		return int64(v), true
	case int8:
		return int64(v), true
	case int16:
		return int64(v), true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case uint:
		return int64(v), uint64(v) <= math.MaxInt64
	case uint8:
		return int64(v), true
	case uint16:
		return int64(v), true
	case uint32:
		return int64(v), true
	case uint64:
		return int64(v), v <= math.MaxInt64
	case float32:
		return integral(float64(v))
	case float64:
		if v != math.Trunc(v) || v < math.MinInt64 || v >= math.MaxInt64 {
			return 0, false
		}
		return int64(v), true
	}
	return 0, false
}

// describe renders a raw value for "got ..." in messages.
// kindOf says what raw is without quoting it: for values that may hold secrets (headers,
// capabilities, a whole file).
func kindOf(raw any) string {
	if _, ok := raw.(string); ok {
		return "a string"
	}
	return describe(raw)
}

func describe(raw any) string {
	switch v := raw.(type) {
	case nil:
		return "an empty value"
	case string:
		return redact.Quote(v)
	case time.Duration:
		return strconv.Quote(v.String())
	case []any, []string:
		return "a list"
	case map[string]any, map[any]any, map[string]string:
		return "a mapping"
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("a %T", raw)
}
