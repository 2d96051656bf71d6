package pages

import (
	_ "embed"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/go-rod/rod/lib/utils"
)

// maxListed is how many matches a strictness error names.
const maxListed = 5

// resolve waits until l matches exactly one element and try succeeds on it, polling; it fails
// at once when several match. try returns a *notActionable while the element is not ready; an
// element that left the document is looked up again. participle says what try does in errors
// ("clicked", "filled").
func (l *Locator) resolve(p *rod.Page, participle string, try func(el *rod.Element) error) (*rod.Element, error) {
	var el *rod.Element
	var reason string
	found := false
	l.tab.aim(l.String(), nil)
	err := utils.Retry(p.GetContext(), FastSleeper(), func() (bool, error) {
		if el == nil {
			e, n, err := l.one(p)
			switch {
			case err != nil && p.GetContext().Err() != nil:
				return true, err
			case errors.As(err, new(*badLocator)):
				return true, err
			case err != nil:
				return false, nil // a document being replaced: look again
			case n > 1:
				return true, l.strictError(p, n)
			case n == 0:
				return false, nil
			}
			el, found = e, true
			l.tab.aim(l.String(), el) // the trace marks it if the action fails
			if l.tab.o.Highlight != nil {
				l.tab.o.Highlight(el, l.page+": "+l.String())
			}
		}
		if try == nil {
			return true, nil
		}
		err := try(el)
		var na *notActionable
		switch {
		case errors.As(err, &na):
			reason = na.reason
			if reason == "detached from the document" {
				el = nil
			}
			return false, nil
		case err != nil && p.GetContext().Err() == nil && stale(err):
			el, reason = nil, "detached from the document"
			return false, nil
		}
		return true, err
	})
	if err == nil || !isTimeout(err) || l.tab.page.GetContext().Err() != nil || p.GetContext().Err() == nil {
		return el, err
	}
	if !found || (reason == "" && try != nil) {
		var strict error
		if found, reason, strict = l.lastLook(try, found, reason); strict != nil {
			return nil, strict
		}
	}
	var we *waitError
	switch {
	case !found:
		we = l.notFound(err)
	case reason == "not visible" || reason == "":
		we = &waitError{page: l.page, what: l.String() + " not visible", after: l.tab.timeout, err: err}
	default:
		we = &waitError{page: l.page, what: l.String() + " could not be " + participle, after: l.tab.timeout, err: err, detail: ": " + reason}
	}
	if r := l.tab.lastResponse; r != nil {
		we.detail += "; after " + r.String()
	}
	return nil, we
}

// lastLook looks once more after the timeout, when the polls saw nothing or never tried the
// element (a busy machine may not answer one poll in time): the error should say what is so.
func (l *Locator) lastLook(try func(el *rod.Element) error, found bool, reason string) (bool, string, error) {
	p := l.tab.page.Timeout(closestTimeout)
	defer p.CancelTimeout()
	el, n, err := l.one(p)
	if err == nil && n > 1 {
		return found, reason, l.strictError(p, n)
	}
	if err != nil || n != 1 {
		return found, reason, nil
	}
	if try != nil {
		var na *notActionable
		if errors.As(try(el), &na) {
			reason = na.reason
		}
	}
	return true, reason, nil
}

// stale reports an error from an element whose document is gone.
func stale(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Cannot find context") || strings.Contains(msg, "Could not find object") ||
		strings.Contains(msg, "Cannot find object") || strings.Contains(msg, "Execution context was destroyed")
}

// notFound is the error of a locator that matched nothing until the timeout: it names what was
// closest in the accessibility tree, when anything was.
func (l *Locator) notFound(err error) *waitError {
	we := &waitError{page: l.page, what: l.String() + " not found", after: l.tab.timeout, err: err}
	if c := l.closest(); len(c) > 0 {
		we.detail = "; closest: " + strings.Join(c, ", ")
	}
	return we
}

// closest lists up to three things on the page that come near to l's innermost lookup, of any
// kind (elements by role and accessible name, labels, texts), nearest name first: what holds
// the name looked for, is held in it or shares a word of it with it; for a role, the same role
// with another name after them.
func (l *Locator) closest() []string {
	p := l.tab.page.Timeout(closestTimeout)
	defer p.CancelTimeout()
	tree, err := l.tab.axTree(p)
	if err != nil {
		return nil
	}
	var st *step
	for i := range l.steps {
		if !narrows(l.steps[i].Kind) {
			st = &l.steps[i]
		}
	}
	var want string
	switch {
	case st.Kind == "role" && st.name != nil:
		want = st.name.Text
	case st.Match != nil && st.Match.re == nil:
		want = st.Match.Text
	}
	want = strings.ToLower(normalize(want))
	words := strings.Fields(want)
	var long []string // the words of three letters or more: what another kind shares
	for _, w := range words {
		if len(w) >= 3 {
			long = append(long, w)
		}
	}
	type candidate struct {
		text        string
		score, dist int
	}
	var cs []candidate
	for _, n := range namesOnPage(tree.all()) {
		score := 0
		lower := strings.ToLower(n.name)
		ofRole := st.Kind == "role" && sameRole(n.kind, st.role)
		switch {
		case want != "" && (strings.Contains(lower, want) || len(lower) >= 3 && strings.Contains(want, lower)),
			sharesWord(lower, long), ofRole && sharesWord(lower, words):
			score = 2 // the same text of another kind, a longer or shorter name, a shared word
		case ofRole:
			score = 1
		}
		if score > 0 {
			cs = append(cs, candidate{fmt.Sprintf("%s %q", n.kind, n.name), score, distance(lower, want)})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].score != cs[j].score {
			return cs[i].score > cs[j].score
		}
		return cs[i].dist < cs[j].dist
	})
	var out []string
	for _, c := range cs[:min(len(cs), 3)] {
		out = append(out, c.text)
	}
	return out
}

// pageName is something the page names: an element of a role ("button"), a "label" or a "text".
type pageName struct{ kind, name string }

// namesOnPage lists what the accessibility tree shows a user by name: the named elements with
// their roles; then the labels, by their text, unless an element has that name (a label whose
// control is hidden or unnamed is a name of its own); then the texts that name nothing else.
func namesOnPage(nodes []*proto.AccessibilityAXNode) []pageName {
	byID := make(map[proto.AccessibilityAXNodeID]*proto.AccessibilityAXNode, len(nodes))
	for _, n := range nodes {
		byID[n.NodeID] = n
	}
	var textOf func(n *proto.AccessibilityAXNode) string
	textOf = func(n *proto.AccessibilityAXNode) string {
		if axString(n.Role) == "StaticText" {
			return axString(n.Name)
		}
		var parts []string
		for _, id := range n.ChildIDs {
			if c := byID[id]; c != nil && !c.Ignored {
				parts = append(parts, textOf(c))
			}
		}
		return strings.Join(parts, " ")
	}
	var out []pageName
	named := map[string]bool{}  // lower-cased names given so far
	seen := map[pageName]bool{} // what is listed
	add := func(kind, name string) {
		name = normalize(name)
		n := pageName{kind, name}
		if name == "" || seen[n] || (kind == "label" || kind == "text") && named[strings.ToLower(name)] {
			return
		}
		seen[n], named[strings.ToLower(name)] = true, true
		out = append(out, n)
	}
	var labels, texts []*proto.AccessibilityAXNode
	for _, n := range nodes {
		if n.Ignored {
			continue
		}
		switch role := axString(n.Role); role {
		case "LabelText":
			labels = append(labels, n)
		case "StaticText":
			texts = append(texts, n)
		case "InlineTextBox", "RootWebArea":
		default:
			add(ariaRole(role), axString(n.Name))
		}
	}
	for _, n := range labels {
		add("label", textOf(n))
	}
	for _, n := range texts {
		add("text", axString(n.Name))
	}
	return out
}

// distance is the Levenshtein distance of a and b, in bytes: how far a name is from the one
// looked for.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// sharesWord reports whether name holds one of words.
func sharesWord(name string, words []string) bool {
	for _, w := range strings.Fields(name) {
		for _, x := range words {
			if w == x {
				return true
			}
		}
	}
	return false
}

// strictError is the error of an action on a locator that matches n elements: it names the
// first few with their tag, role and text, and tells alike ones apart (see describeMatches).
func (l *Locator) strictError(_ *rod.Page, n int) error {
	// The action's own time may be nearly out: naming the matches has a little of its own.
	p := l.tab.page.Timeout(closestTimeout)
	defer p.CancelTimeout()
	els, err := l.all(p, maxListed)
	if err != nil {
		return fmt.Errorf("%s matches %d elements; pick one with First, Last, Nth or a narrower locator", l, n)
	}
	return fmt.Errorf("%s matches %d elements: %s; pick one with First, Last, Nth or a narrower locator",
		l, n, strings.Join(l.describeMatches(p, els), ", "))
}

// describeElements names each element as `<button> button "Save"`: tag, role (from the
// accessibility tree) and text, asking the browser about all of them at once.
func describeElements(p *rod.Page, els rod.Elements) []string {
	out := make([]string, len(els))
	var wg sync.WaitGroup
	for i, el := range els {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = describeElement(p, el)
		}()
	}
	wg.Wait()
	return out
}

// describeElementJS returns the element's tag and the start of its text (an input's value).
//
//go:embed describe_element.js
var describeElementJS string

func describeElement(p *rod.Page, el *rod.Element) string {
	res, err := el.Eval(describeElementJS)
	if err != nil {
		return "?"
	}
	s := "<" + res.Value.Get("tag").Str() + ">"
	if ax, err := (proto.AccessibilityGetPartialAXTree{ObjectID: el.Object.ObjectID}).Call(p); err == nil && len(ax.Nodes) > 0 {
		if role := ariaRole(axString(ax.Nodes[0].Role)); role != "" && role != "generic" && role != "none" && !ax.Nodes[0].Ignored {
			s += " " + role
		}
	}
	if t := res.Value.Get("text").Str(); t != "" {
		s += fmt.Sprintf(" %q", t)
	}
	return s
}
