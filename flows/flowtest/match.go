package flowtest

import (
	"flag"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// selection says which subtests go test -run and -skip choose, as the testing package decides
// it, before the subtests exist: each flow's subtest starts when its flow starts, so that go test
// shows the flow's own duration, and the run must know beforehand which flows to walk.
type selection struct {
	run, skip [][]string // alternatives, each a pattern per level of the test's name
}

// goTestSelection reads -test.run and -test.skip.
func goTestSelection() selection {
	return newSelection(flagValue("test.run"), flagValue("test.skip"))
}

func flagValue(name string) string {
	if f := flag.Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

func newSelection(run, skip string) selection {
	return selection{run: splitPattern(run), skip: splitPattern(skip)}
}

// chooses reports whether go test runs the subtest called sub of the test called parent
// (t.Name()): it matches -run at every level -run names, and -skip does not match it whole.
func (s selection) chooses(parent, sub string) bool {
	name := append(strings.Split(parent, "/"), strings.Split(rewrite(sub), "/")...)
	if len(s.run) > 0 && !matchesAny(s.run, name) {
		return false
	}
	for _, alt := range s.skip {
		if matches(alt, name) {
			return len(name) < len(alt) // the first alternative that matches decides, as in testing
		}
	}
	return true
}

// names reports whether -run names subtests of the test called parent (a level below it) and
// -skip is not set: a -run that then chooses no flow is a mistake, not a choice.
func (s selection) names(parent string) bool {
	depth := len(strings.Split(parent, "/"))
	return len(s.skip) == 0 && slices.ContainsFunc(s.run, func(alt []string) bool { return len(alt) > depth })
}

func matchesAny(alts [][]string, name []string) bool {
	for _, alt := range alts {
		if matches(alt, name) {
			return true
		}
	}
	return false
}

// matches reports whether each level of name matches its pattern, for the levels both have.
func matches(alt, name []string) bool {
	for i, s := range name {
		if i >= len(alt) {
			break
		}
		re, err := regexp.Compile(alt[i])
		if err != nil || !re.MatchString(s) {
			return false
		}
	}
	return true
}

// splitPattern splits a -run or -skip value into alternatives at a | and into levels at a /,
// outside brackets and parentheses, as the testing package does; each level is rewritten as
// names are. "" is no pattern.
func splitPattern(s string) [][]string {
	if s == "" {
		return nil
	}
	var alts [][]string
	var levels []string
	brackets, parens := 0, 0
	for i := 0; i < len(s); {
		switch s[i] {
		case '[':
			brackets++
		case ']':
			brackets = max(brackets-1, 0)
		case '(':
			if brackets == 0 {
				parens++
			}
		case ')':
			if brackets == 0 {
				parens--
			}
		case '\\':
			i++
		case '/', '|':
			if brackets == 0 && parens == 0 {
				levels = append(levels, rewrite(s[:i]))
				if s[i] == '|' {
					alts, levels = append(alts, levels), nil
				}
				s, i = s[i+1:], 0
				continue
			}
		}
		i++
	}
	return append(alts, append(levels, rewrite(s)))
}

// rewrite is how the testing package spells a name: spaces as underscores, unprintable runes
// quoted.
func rewrite(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			b.WriteByte('_')
		case !strconv.IsPrint(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
