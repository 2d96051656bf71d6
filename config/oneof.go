package config

import "strings"

// OneOf lists values for a message or a flag's help: "a, b or c".
func OneOf[T ~string](values []T) string {
	s := Strings(values)
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// Strings returns values as plain strings: a typed enum's list as a flag's default, say.
func Strings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
