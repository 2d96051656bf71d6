package pages

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/go-rod/rod"
)

// strictContextJS says, for each of several elements, what tells it apart from the others:
// the role and text (or the test id) of its nearest ancestor that holds none of the others.
//
//go:embed strict_context.js
var strictContextJS string

// maxContextText is how much of an ancestor's text a strictness error shows.
const maxContextText = 40

// matchContext is what strictContextJS found around one match.
type matchContext struct {
	TestID string `json:"testId"`
	Role   string `json:"role"`
	Name   string `json:"name"` // from aria-label or aria-labelledby
	Text   string `json:"text"`
}

// describeMatches names the elements a strict locator matched, as describeElements; those
// whose names are alike get what tells them apart, and a way to pick each: its Nth, and the
// locator of its nearest distinct list item, row, article, landmark or test id when it has
// one (names and texts cut to 40 bytes, which still match as substrings): `<button> button "Delete" in listitem "Milk" (Nth(0), or within
// GetByRole("listitem").FilterHasText("Milk"))`.
func (l *Locator) describeMatches(p *rod.Page, els rod.Elements) []string {
	out := describeElements(p, els)
	seen := map[string]int{}
	for _, d := range out {
		seen[d]++
	}
	alike := false
	for _, n := range seen {
		alike = alike || n > 1
	}
	if !alike {
		return out
	}
	ctx := l.matchContexts(els)
	scopes := map[string]int{}
	for _, c := range ctx {
		scopes[c.scope()]++
	}
	for i, d := range out {
		if seen[d] < 2 {
			continue
		}
		var c matchContext
		if i < len(ctx) {
			c = ctx[i]
		}
		pick := fmt.Sprintf("Nth(%d)", i)
		if sc := c.scope(); sc != "" && scopes[sc] == 1 {
			pick += ", or within " + sc
		}
		out[i] = d + c.where() + " (" + pick + ")"
	}
	return out
}

// matchContexts asks the browser what tells els apart, in one call; nil when it cannot say (the
// elements are in different frames, or one left the document).
func (l *Locator) matchContexts(els rod.Elements) []matchContext {
	args := []any{l.tab.testIDAttr()}
	for _, el := range els {
		args = append(args, el.Object)
	}
	res, err := els[0].Eval(strictContextJS, args...)
	if err != nil {
		return nil
	}
	var out []matchContext
	if err := res.Value.Unmarshal(&out); err != nil || len(out) != len(els) {
		return nil
	}
	return out
}

// where is ` in listitem "Milk"` or ` in "row-7"` (a test id): the match's distinct ancestor.
func (c matchContext) where() string {
	switch {
	case c.TestID != "":
		return " in " + quoted(c.TestID)
	case c.Role != "" && c.Name != "":
		return " in " + c.Role + " " + quoted(cut(c.Name, "…"))
	case c.Role != "" && c.Text != "":
		return " in " + c.Role + " " + quoted(cut(c.Text, "…"))
	case c.Role != "":
		return " in a " + c.Role
	}
	return ""
}

// scope is the Go locator of the match's distinct ancestor, "" when there is none that a
// locator can name: GetByTestID("row-7"), GetByRole("listitem").FilterHasText("Milk").
func (c matchContext) scope() string {
	switch {
	case c.TestID != "":
		return fmt.Sprintf("GetByTestID(%q)", c.TestID)
	case c.Role != "" && c.Name != "":
		return fmt.Sprintf("GetByRole(%q, pages.Name(%q))", c.Role, strings.TrimSpace(cut(c.Name, "")))
	case c.Role != "" && c.Text != "":
		return fmt.Sprintf("GetByRole(%q).FilterHasText(%q)", c.Role, strings.TrimSpace(cut(c.Text, "")))
	}
	return ""
}

// cut is s cut to maxContextText bytes, ending with more when it was longer.
func cut(s, more string) string {
	if len(s) <= maxContextText {
		return s
	}
	return strings.ToValidUTF8(s[:maxContextText], "") + more
}
