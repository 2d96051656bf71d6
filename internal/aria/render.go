package aria

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// attrOrder is the order attributes are written in, as Playwright's.
var attrOrder = []string{"checked", "disabled", "expanded", "active", "invalid", "level", "pressed", "selected"}

// Render writes the tree as Playwright's ARIA snapshot YAML: "- role "name" [attr]", with its
// text as the value or its children as a list below. A fragment's children are the top level.
func Render(root *Node) string {
	var lines []string
	var visit func(n *Node, depth int)
	visit = func(n *Node, depth int) {
		ind := strings.Repeat("  ", depth)
		if n.IsText() {
			lines = append(lines, ind+"- text: "+yamlValue(n.Name))
			return
		}
		key := ind + "- " + yamlKey(renderKey(n))
		switch {
		case len(n.Props) == 0 && len(n.Children) == 0:
			lines = append(lines, key)
		case len(n.Props) == 0 && len(n.Children) == 1 && n.Children[0].IsText():
			lines = append(lines, key+": "+yamlValue(n.Children[0].Name))
		default:
			lines = append(lines, key+":")
			if u, ok := n.Props["url"]; ok {
				lines = append(lines, ind+"  - /url: "+yamlValue(u))
			}
			for _, c := range n.Children {
				visit(c, depth+1)
			}
		}
	}
	if root.Role == "fragment" {
		for _, c := range root.Children {
			visit(c, 0)
		}
	} else {
		visit(root, 0)
	}
	return strings.Join(lines, "\n")
}

// renderKey is a node's key: role, "name" and [attributes].
func renderKey(n *Node) string {
	key := n.Role
	if n.Name != "" && len(n.Name) <= 900 {
		key += " " + strconv.Quote(n.Name)
	}
	for _, a := range attrOrder {
		v := n.Attrs[a]
		switch {
		case a == "level" && v != "" && v != "0":
			key += " [level=" + v + "]"
		case a == "active" || a == "level":
			// active is matched, not shown (as Playwright's default snapshots)
		case v == "true":
			key += " [" + a + "]"
		case v == "mixed" && (a == "checked" || a == "pressed"):
			key += " [" + a + "=mixed]"
		}
	}
	return key
}

// yamlKey and yamlValue quote a string that YAML would read as something else, as Playwright.
func yamlKey(s string) string {
	if !needsQuotes(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func yamlValue(s string) string {
	if !needsQuotes(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r >= 0x7f && r <= 0x9f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

var (
	edgeSpace   = regexp.MustCompile(`^\s|\s$`)
	control     = regexp.MustCompile(`[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]`)
	colonSpace  = regexp.MustCompile(`[\n:](\s|$)`)
	comment     = regexp.MustCompile(`\s#`)
	indicator   = regexp.MustCompile(`^[&*\],?!>|@"'#%\[-]`)
	special     = regexp.MustCompile("[{}`\n\r]")
	yamlLiteral = map[string]bool{"y": true, "n": true, "yes": true, "no": true, "true": true, "false": true, "on": true, "off": true, "null": true}
)

func needsQuotes(s string) bool {
	if s == "" || edgeSpace.MatchString(s) || control.MatchString(s) || colonSpace.MatchString(s) ||
		comment.MatchString(s) || indicator.MatchString(s) || special.MatchString(s) || yamlLiteral[strings.ToLower(s)] {
		return true
	}
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}
