package aria

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Template is a parsed ARIA snapshot used as an expectation: a node with a role (or a fragment)
// whose name, attributes, properties and children must be found in the tree, or text.
type Template struct {
	// Role is the role to match; "fragment" matches any node; empty for text.
	Role string
	// Name is the exact name (whitespace collapsed), or NameRe a regular expression to find in
	// it; neither: any name.
	Name   string
	NameRe *regexp.Regexp
	// Text is the text of a text template: exact, or a /regex/.
	Text textValue
	// Attrs must equal the node's ("false" matching an unset boolean state).
	Attrs map[string]string
	// Props must match the node's properties (url), as Text.
	Props map[string]textValue
	// Children must be found among the node's children, in order (Mode "contain", the
	// default), or be exactly them ("equal"), or be exactly them all the way down
	// ("deep-equal"): /children in the YAML.
	Children []*Template
	Mode     string
}

// textValue is a text template: compared after collapsing whitespace, or as a regex when the
// raw text is /.../.
type textValue struct {
	raw, norm string
	re        *regexp.Regexp
}

func newText(s string) textValue {
	t := textValue{raw: s, norm: collapse(s)}
	if len(s) > 1 && strings.HasPrefix(s, "/") && strings.HasSuffix(s, "/") {
		t.re, _ = regexp.Compile(s[1 : len(s)-1]) // not a regex: compared as text
	}
	return t
}

func (t textValue) matches(s string) bool {
	if t.norm == "" {
		return true
	}
	if s == "" {
		return false
	}
	return s == t.norm || s == t.raw || t.re != nil && t.re.MatchString(s)
}

// Parse reads an ARIA snapshot YAML as a template. Its errors name the line.
func Parse(text string) (*Template, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return nil, fmt.Errorf("aria snapshot: %w", err)
	}
	frag := &Template{Role: "fragment"}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.SequenceNode {
		return nil, errors.New(`aria snapshot: must be a YAML list, each entry starting with "- "`)
	}
	if err := convertSeq(frag, doc.Content[0]); err != nil {
		return nil, err
	}
	// "- button" targets the button, not its parent.
	if len(frag.Children) == 1 && (frag.Mode == "" || frag.Mode == "contain") {
		return frag.Children[0], nil
	}
	return frag, nil
}

func lineErr(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("aria snapshot: line %d: %s", n.Line, fmt.Sprintf(format, args...))
}

func convertSeq(parent *Template, seq *yaml.Node) error {
	for _, item := range seq.Content {
		switch {
		case item.Kind == yaml.ScalarNode && item.Tag == "!!str":
			t, err := parseKey(item)
			if err != nil {
				return err
			}
			parent.Children = append(parent.Children, t)
		case item.Kind == yaml.MappingNode:
			if err := convertMap(parent, item); err != nil {
				return err
			}
		default:
			return lineErr(item, "list entries are text or mappings")
		}
	}
	return nil
}

func convertMap(parent *Template, m *yaml.Node) error {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return lineErr(k, "keys are text")
		}
		isStr := v.Kind == yaml.ScalarNode && v.Tag == "!!str"
		switch key := k.Value; {
		case key == "text":
			if !isStr {
				return lineErr(v, "text is a string")
			}
			parent.Children = append(parent.Children, &Template{Text: newText(v.Value)})
		case key == "/children":
			if !isStr || (v.Value != "contain" && v.Value != "equal" && v.Value != "deep-equal") {
				return lineErr(v, `/children is "contain", "equal" or "deep-equal"`)
			}
			parent.Mode = v.Value
		case strings.HasPrefix(key, "/"):
			if !isStr {
				return lineErr(v, "a property's value is a string")
			}
			if parent.Props == nil {
				parent.Props = map[string]textValue{}
			}
			parent.Props[key[1:]] = newText(v.Value)
		default:
			t, err := parseKey(k)
			if err != nil {
				return err
			}
			switch {
			case v.Kind == yaml.ScalarNode && (v.Tag == "!!str" || v.Tag == "!!int" || v.Tag == "!!float" || v.Tag == "!!bool"):
				t.Children = []*Template{{Text: newText(v.Value)}}
			case v.Kind == yaml.SequenceNode:
				if err := convertSeq(t, v); err != nil {
					return err
				}
			default:
				return lineErr(v, "a node's value is its text or a list of its children")
			}
			parent.Children = append(parent.Children, t)
		}
	}
	return nil
}

// parseKey reads `role "name" [attr=value]` or `role /regex/ [attr]`.
func parseKey(n *yaml.Node) (*Template, error) {
	s := n.Value
	pos := 0
	fail := func(msg string) (*Template, error) {
		return nil, lineErr(n, "%s in %q", msg, s)
	}
	skip := func() {
		for pos < len(s) && (s[pos] == ' ' || s[pos] == '\t') {
			pos++
		}
	}
	ident := func() string {
		start := pos
		for pos < len(s) && (s[pos] >= 'a' && s[pos] <= 'z' || s[pos] >= 'A' && s[pos] <= 'Z' || s[pos] == '-') {
			pos++
		}
		return s[start:pos]
	}
	skip()
	t := &Template{Role: ident()}
	if t.Role == "" {
		return fail("expected a role")
	}
	skip()
	switch {
	case pos < len(s) && s[pos] == '"':
		end := pos + 1
		for end < len(s) && s[end] != '"' {
			if s[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(s) {
			return fail("unterminated string")
		}
		name, err := strconv.Unquote(s[pos : end+1])
		if err != nil {
			name = s[pos+1 : end]
		}
		t.Name, pos = collapse(name), end+1
	case pos < len(s) && s[pos] == '/':
		end, inClass := pos+1, false
		for ; end < len(s); end++ {
			c := s[end]
			if c == '\\' {
				end++
			} else if c == '[' {
				inClass = true
			} else if c == ']' {
				inClass = false
			} else if c == '/' && !inClass {
				break
			}
		}
		if end >= len(s) {
			return fail("unterminated regex")
		}
		re, err := regexp.Compile(s[pos+1 : end])
		if err != nil {
			return fail("bad regex: " + err.Error())
		}
		t.NameRe, pos = re, end+1
	}
	for {
		skip()
		if pos >= len(s) {
			break
		}
		if s[pos] != '[' {
			return fail("unexpected input")
		}
		pos++
		skip()
		name := ident()
		skip()
		value := "true"
		if pos < len(s) && s[pos] == '=' {
			pos++
			skip()
			start := pos
			for pos < len(s) && s[pos] != ']' && s[pos] != ' ' {
				pos++
			}
			value = s[start:pos]
		}
		skip()
		if pos >= len(s) || s[pos] != ']' {
			return fail("expected ]")
		}
		pos++
		if err := checkAttr(name, value); err != nil {
			return fail(err.Error())
		}
		if t.Attrs == nil {
			t.Attrs = map[string]string{}
		}
		t.Attrs[name] = value
	}
	return t, nil
}

// checkAttr checks an attribute's value as Playwright does.
func checkAttr(name, value string) error {
	boolean := value == "true" || value == "false"
	switch name {
	case "checked", "pressed":
		if !boolean && value != "mixed" {
			return fmt.Errorf(`the value of %q is true, false or mixed`, name)
		}
	case "disabled", "expanded", "active", "selected":
		if !boolean {
			return fmt.Errorf(`the value of %q is true or false`, name)
		}
	case "invalid":
		if !boolean && value != "grammar" && value != "spelling" {
			return fmt.Errorf(`the value of "invalid" is true, false, grammar or spelling`)
		}
	case "level":
		if _, err := strconv.Atoi(value); err != nil {
			return fmt.Errorf(`the value of "level" is a number`)
		}
	default:
		return fmt.Errorf("unsupported attribute [%s]", name)
	}
	return nil
}
