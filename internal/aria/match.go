package aria

// Match reports whether the template is found anywhere in the tree: a node that matches it,
// its role, name, attributes, properties and children, as Playwright's toMatchAriaSnapshot.
func Match(root *Node, t *Template) bool {
	var visit func(n *Node) bool
	visit = func(n *Node) bool {
		if matchNode(n, t, false) {
			return true
		}
		for _, c := range n.Children {
			if visit(c) {
				return true
			}
		}
		return false
	}
	return visit(root)
}

func matchNode(n *Node, t *Template, deep bool) bool {
	if t.Role == "" {
		return n.IsText() && t.Text.matches(n.Name)
	}
	if n.IsText() || t.Role != "fragment" && t.Role != n.Role {
		return false
	}
	for k, want := range t.Attrs {
		got := n.Attrs[k]
		if got == "" && k != "level" {
			got = "false"
		}
		if got != want {
			return false
		}
	}
	switch {
	case t.NameRe != nil && !t.NameRe.MatchString(n.Name):
		return false
	case t.NameRe == nil && t.Name != "" && n.Name != t.Name:
		return false
	}
	for k, want := range t.Props {
		if !want.matches(n.Props[k]) {
			return false
		}
	}
	switch {
	case t.Mode == "equal":
		return listEqual(n.Children, t.Children, false)
	case t.Mode == "deep-equal" || deep:
		return listEqual(n.Children, t.Children, true)
	default:
		return contains(n.Children, t.Children)
	}
}

func listEqual(kids []*Node, ts []*Template, deep bool) bool {
	if len(kids) != len(ts) {
		return false
	}
	for i := range ts {
		if !matchNode(kids[i], ts[i], deep) {
			return false
		}
	}
	return true
}

// contains reports whether the templates match children in order, others in between.
func contains(kids []*Node, ts []*Template) bool {
	i := 0
	for _, t := range ts {
		for i < len(kids) && !matchNode(kids[i], t, false) {
			i++
		}
		if i == len(kids) {
			return false
		}
		i++
	}
	return true
}
