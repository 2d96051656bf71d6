package redact

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
)

// errNotJSON says a body that claimed to be JSON did not parse.
var errNotJSON = errors.New("not valid JSON")

// redactJSON rewrites the JSON document s: the value of every sensitive key (at any depth)
// becomes "[REDACTED]" (null and "" are kept: they show that nothing was sent), secrets are
// scrubbed inside strings, and a number that spells a secret becomes "[REDACTED]". Everything
// else is copied byte for byte, so the result is valid JSON whenever s is.
func (r *Redactor) redactJSON(s string) (string, error) {
	w := jsonWalker{r: r, src: s, secrets: r.HasSecrets()}
	w.out.Grow(len(s))
	w.ws()
	if err := w.value(false); err != nil {
		return "", err
	}
	w.ws()
	if w.pos != len(s) {
		return "", errNotJSON
	}
	return w.out.String(), nil
}

// jsonWalker copies a JSON text to out while rewriting what must not be kept.
type jsonWalker struct {
	r       *Redactor
	src     string
	pos     int
	out     strings.Builder
	secrets bool
	mute    bool // skipping a value: nothing is written
}

func (w *jsonWalker) write(s string) {
	if !w.mute {
		w.out.WriteString(s)
	}
}

func (w *jsonWalker) writeByte(c byte) {
	if !w.mute {
		w.out.WriteByte(c)
	}
}

// maxJSONDepth bounds the nesting the walker follows, as encoding/json does.
const maxJSONDepth = 10000

func (w *jsonWalker) ws() {
	start := w.pos
	for w.pos < len(w.src) {
		switch w.src[w.pos] {
		case ' ', '\t', '\n', '\r':
			w.pos++
		default:
			w.write(w.src[start:w.pos])
			return
		}
	}
	w.write(w.src[start:w.pos])
}

// value copies (or, when redact is set, replaces) the value at pos.
func (w *jsonWalker) value(redact bool) error {
	return w.valueDepth(redact, 0)
}

func (w *jsonWalker) valueDepth(redact bool, depth int) error {
	if depth > maxJSONDepth {
		return errNotJSON
	}
	if w.pos >= len(w.src) {
		return errNotJSON
	}
	start := w.pos
	switch c := w.src[w.pos]; {
	case c == '{':
		if redact {
			if err := w.skip(depth); err != nil {
				return err
			}
			w.write(`"` + Redacted + `"`)
			return nil
		}
		return w.object(depth)
	case c == '[':
		if redact {
			if err := w.skip(depth); err != nil {
				return err
			}
			w.write(`"` + Redacted + `"`)
			return nil
		}
		return w.array(depth)
	case c == '"':
		end, err := scanJSONString(w.src, w.pos)
		if err != nil {
			return err
		}
		w.pos = end
		raw := w.src[start:end]
		switch {
		case redact && raw != `""`:
			w.write(`"` + Redacted + `"`)
		case w.secrets:
			w.writeString(raw)
		default:
			w.write(raw)
		}
		return nil
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []string{"true", "false", "null"} {
			if strings.HasPrefix(w.src[w.pos:], lit) {
				w.pos += len(lit)
				if redact && lit != "null" {
					w.write(`"` + Redacted + `"`)
				} else {
					w.write(lit)
				}
				return nil
			}
		}
		return errNotJSON
	case c == '-' || ('0' <= c && c <= '9'):
		end, err := scanJSONNumber(w.src, w.pos)
		if err != nil {
			return err
		}
		w.pos = end
		num := w.src[start:end]
		if redact || (w.secrets && w.r.Text(num) != num) {
			w.write(`"` + Redacted + `"`)
		} else {
			w.write(num)
		}
		return nil
	default:
		return errNotJSON
	}
}

func (w *jsonWalker) object(depth int) error {
	return w.items('{', '}', func() error {
		if w.pos >= len(w.src) || w.src[w.pos] != '"' {
			return errNotJSON
		}
		end, err := scanJSONString(w.src, w.pos)
		if err != nil {
			return err
		}
		raw := w.src[w.pos:end]
		w.pos = end
		key := decodeJSONString(raw)
		if w.secrets {
			w.writeString(raw)
		} else {
			w.write(raw)
		}
		w.ws()
		if w.pos >= len(w.src) || w.src[w.pos] != ':' {
			return errNotJSON
		}
		w.writeByte(':')
		w.pos++
		w.ws()
		return w.valueDepth(w.r.sensitiveJSONKey(key), depth+1)
	})
}

func (w *jsonWalker) array(depth int) error {
	return w.items('[', ']', func() error { return w.valueDepth(false, depth+1) })
}

// items walks an object or an array from its open bracket at pos to its close bracket: item
// walks each member or element, and items the commas between them.
func (w *jsonWalker) items(open, close byte, item func() error) error {
	w.writeByte(open)
	w.pos++
	w.ws()
	if w.pos < len(w.src) && w.src[w.pos] == close {
		w.writeByte(close)
		w.pos++
		return nil
	}
	for {
		if err := item(); err != nil {
			return err
		}
		w.ws()
		if w.pos >= len(w.src) {
			return errNotJSON
		}
		switch w.src[w.pos] {
		case ',':
			w.writeByte(',')
			w.pos++
			w.ws()
		case close:
			w.writeByte(close)
			w.pos++
			return nil
		default:
			return errNotJSON
		}
	}
}

// skip moves past the value at pos without writing it, checking that it is valid JSON.
func (w *jsonWalker) skip(depth int) error {
	if w.mute {
		return w.valueDepth(false, depth)
	}
	w.mute = true
	err := w.valueDepth(false, depth)
	w.mute = false
	return err
}

// writeString writes the JSON string raw with the secrets scrubbed from its decoded value.
func (w *jsonWalker) writeString(raw string) {
	if w.mute {
		return
	}
	dec := decodeJSONString(raw)
	scrubbed := w.r.Text(dec)
	if scrubbed == dec {
		w.write(raw)
		return
	}
	w.write(encodeJSONString(scrubbed))
}

// scanJSONString returns the index just past the JSON string starting at s[i] == '"'.
func scanJSONString(s string, i int) (int, error) {
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			return j + 1, nil
		case c == '\\':
			if j+1 >= len(s) {
				return 0, errNotJSON
			}
			switch s[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j++
			case 'u':
				if j+5 >= len(s) || !isHex4(s[j+2:j+6]) {
					return 0, errNotJSON
				}
				j += 5
			default:
				return 0, errNotJSON
			}
		case c < 0x20:
			return 0, errNotJSON
		}
	}
	return 0, errNotJSON
}

func isHex4(s string) bool {
	for i := 0; i < 4; i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// scanJSONNumber returns the index just past the JSON number starting at s[i].
func scanJSONNumber(s string, i int) (int, error) {
	j := i
	if j < len(s) && s[j] == '-' {
		j++
	}
	digits := func() int {
		n := 0
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
			n++
		}
		return n
	}
	if j < len(s) && s[j] == '0' {
		j++
	} else if digits() == 0 {
		return 0, errNotJSON
	}
	if j < len(s) && s[j] == '.' {
		j++
		if digits() == 0 {
			return 0, errNotJSON
		}
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		j++
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if digits() == 0 {
			return 0, errNotJSON
		}
	}
	return j, nil
}

// decodeJSONString decodes a scanned JSON string literal (with its quotes).
func decodeJSONString(raw string) string {
	inner := raw[1 : len(raw)-1]
	if !strings.Contains(inner, `\`) {
		return inner
	}
	var s string
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return inner
	}
	return s
}

// encodeJSONString encodes s as a JSON string literal without HTML escaping.
func encodeJSONString(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}

// looseJSONPair finds "key": "value" and "key": number pairs in text that is not valid JSON
// (a truncated or JSON-like body), for a best-effort redaction.
var looseJSONPair = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false)`)

// redactLooseJSON applies the JSON key rules to text that does not parse as JSON.
func (r *Redactor) redactLooseJSON(s string) string {
	return looseJSONPair.ReplaceAllStringFunc(s, func(m string) string {
		sub := looseJSONPair.FindStringSubmatch(m)
		if !r.sensitiveJSONKey(decodeJSONString(`"`+sub[1]+`"`)) || sub[3] == `""` {
			return m
		}
		return `"` + sub[1] + `"` + sub[2] + `"` + Redacted + `"`
	})
}
