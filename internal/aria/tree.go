// Package aria renders a region's accessibility tree as Playwright's ARIA snapshot (a YAML
// tree of roles, "names", text and [attributes]), parses such a snapshot used as a template
// (names as strings or /regexes/, partial children), and matches one with the other as
// Playwright's toMatchAriaSnapshot does. The tree is read from Chromium's accessibility tree
// (the Accessibility domain), not computed in the page, so a few nodes differ from
// Playwright's: see FromAX.
package aria

import (
	"fmt"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Node is a node of an ARIA snapshot: an element with a role, or a run of text.
type Node struct {
	// Role is the ARIA role ("button", "heading"); empty for text.
	Role string
	// Name is the accessible name, whitespace collapsed; for text, the text.
	Name string
	// Attrs are the states Playwright's snapshots show: checked, pressed ("true", "false",
	// "mixed"), disabled, expanded, selected, active, invalid ("true"/"false"), level ("2").
	Attrs map[string]string
	// Props are the node's properties shown as "/name: value" children: url for links.
	Props map[string]string
	// Children are the node's children, elements and text, in document order.
	Children []*Node
}

// IsText reports whether n is a run of text.
func (n *Node) IsText() bool { return n.Role == "" }

// renamed maps Chromium's roles to ARIA's where they differ.
var renamed = map[string]string{
	"image":                 "img",
	"DescriptionListTerm":   "term",
	"DescriptionListDetail": "definition",
	"Iframe":                "iframe",
	"IframePresentational":  "iframe",
	"ContentDeletion":       "deletion",
	"ContentInsertion":      "insertion",
	"Mark":                  "mark",
	"Code":                  "code",
	"Figcaption":            "caption",
}

// dropped are Chromium nodes that show nothing of their own: their text is their StaticText's.
var dropped = map[string]bool{"InlineTextBox": true, "ListMarker": true, "LineBreak": false}

// attrNames are the AX properties kept as attributes.
var attrNames = map[string]bool{"checked": true, "pressed": true, "disabled": true, "expanded": true, "selected": true, "focused": true, "invalid": true, "level": true}

// FromAX builds the snapshot of the element whose DOM node is root from nodes, the page's
// accessibility tree (Accessibility.getFullAXTree), as a fragment whose one child is the
// element's own node (or its children, when the element has no role of its own). A link's url
// is shown without origin when it is on origin (so that "/products/1" matches on any host).
//
// Differences from Playwright's own tree: roles are Chromium's, so a table's tbody is no
// rowgroup, a summary is text in its group, and generic containers (div, span) are left out
// with text from either side of a block joined by a space.
func FromAX(nodes []*proto.AccessibilityAXNode, root proto.DOMBackendNodeID, origin string) (*Node, error) {
	byID := make(map[proto.AccessibilityAXNodeID]*proto.AccessibilityAXNode, len(nodes))
	var start *proto.AccessibilityAXNode
	for _, n := range nodes {
		byID[n.NodeID] = n
		if n.BackendDOMNodeID == root && start == nil {
			start = n
		}
	}
	if start == nil {
		return nil, fmt.Errorf("the element has no node in the accessibility tree (hidden, or not rendered)")
	}
	b := builder{byID: byID, origin: strings.TrimRight(origin, "/")}
	frag := &Node{Role: "fragment"}
	frag.Children = normalise(frag, b.items(start))
	return frag, nil
}

type builder struct {
	byID   map[proto.AccessibilityAXNodeID]*proto.AccessibilityAXNode
	origin string
}

func axStr(v *proto.AccessibilityAXValue) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v.Value.Val())
}

// items returns what n puts into its parent: its own node, or its children's items when it has
// no role of its own, or its text.
func (b builder) items(n *proto.AccessibilityAXNode) []*Node {
	role := axStr(n.Role)
	if dropped[role] {
		return nil
	}
	if role == "StaticText" {
		return []*Node{{Name: axStr(n.Name)}}
	}
	var kids []*Node
	for _, id := range n.ChildIDs {
		if c := b.byID[id]; c != nil {
			kids = append(kids, b.items(c)...)
		}
	}
	if r, ok := renamed[role]; ok {
		role = r
	}
	if n.Ignored || role == "" || role == "none" || role == "presentation" || role == "generic" || isInternal(role) {
		if role == "generic" && !n.Ignored { // a block: its text does not run into its neighbours'
			kids = append(append([]*Node{{Name: " "}}, kids...), &Node{Name: " "})
		}
		return kids
	}
	node := &Node{Role: role, Name: collapse(axStr(n.Name))}
	for _, p := range n.Properties {
		name, v := string(p.Name), axStr(p.Value)
		switch {
		case name == "url" && role == "link":
			if b.origin != "" && strings.HasPrefix(v, b.origin+"/") {
				v = strings.TrimPrefix(v, b.origin)
			}
			node.setProp("url", v)
		case name == "level" && role != "heading":
			// Chromium gives list items their nesting level; Playwright's snapshots do not.
		case attrNames[name]:
			if name == "focused" {
				name = "active"
			}
			node.setAttr(name, v)
		}
	}
	node.Children = normalise(node, kids)
	return []*Node{node}
}

// isInternal reports whether a role is one of Chromium's own (they start with a capital): none
// of ARIA's.
func isInternal(role string) bool { return role != "" && role[0] >= 'A' && role[0] <= 'Z' }

func (n *Node) setAttr(k, v string) {
	if n.Attrs == nil {
		n.Attrs = map[string]string{}
	}
	n.Attrs[k] = v
}

func (n *Node) setProp(k, v string) {
	if n.Props == nil {
		n.Props = map[string]string{}
	}
	n.Props[k] = v
}

// normalise joins adjacent text, collapses its whitespace and drops the empty runs, and then
// drops a lone text child that only repeats the node's name, as Playwright does.
func normalise(n *Node, kids []*Node) []*Node {
	var out []*Node
	var text strings.Builder
	flush := func() {
		if t := collapse(text.String()); t != "" {
			out = append(out, &Node{Name: t})
		}
		text.Reset()
	}
	for _, k := range kids {
		if k.IsText() {
			text.WriteString(k.Name)
			continue
		}
		flush()
		out = append(out, k)
	}
	flush()
	if len(out) == 1 && out[0].IsText() && out[0].Name == n.Name {
		return nil
	}
	return out
}

// collapse removes zero-width spaces and soft hyphens, and collapses runs of white space into
// one space, trimmed.
func collapse(s string) string {
	s = strings.NewReplacer("\u200b", "", "\u00ad", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// Snapshot reads the tree of el, an element of p, from Chromium's accessibility tree; links
// on the page's own origin show their path.
func Snapshot(p *rod.Page, el *rod.Element) (*Node, error) {
	d, err := proto.DOMDescribeNode{ObjectID: el.Object.ObjectID}.Call(p)
	if err != nil {
		return nil, fmt.Errorf("aria snapshot: %w", err)
	}
	ax, err := proto.AccessibilityGetFullAXTree{}.Call(p)
	if err != nil {
		return nil, fmt.Errorf("aria snapshot: %w", err)
	}
	// The element's own document says its origin: the page's current context may be missing
	// for a moment, and a link would then show its whole URL.
	origin, err := el.Eval(`() => location.origin`)
	if err != nil {
		return nil, fmt.Errorf("aria snapshot: %w", err)
	}
	return FromAX(ax.Nodes, d.Node.BackendNodeID, origin.Value.Str())
}
