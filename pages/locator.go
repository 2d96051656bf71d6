package pages

import (
	"fmt"
	"regexp"
	"strings"
)

// Locator finds elements on the flow's page the way a user would: by role and accessible name,
// label, placeholder, alt text, title, visible text or test id, or by CSS or XPath. It is a
// description, not an element: every action looks it up again, waits until exactly one element
// matches and is actionable, and fails with an error naming the locator in words. Matching
// goes into open shadow roots and same-origin iframes.
//
// Locators are values: the chaining methods return new ones and never change the receiver.
type Locator struct {
	tab   *Tab
	page  string // the page object's name, prefixing step names and errors
	steps []step
}

// step is one link of a locator's chain, as the query script in the page reads it.
type step struct {
	Kind string `json:"kind"`
	// Arg is the selector, expression, test id, role or attribute text to match.
	Arg string `json:"arg,omitempty"`
	// Attr is the test-id attribute (kind "testid").
	Attr string `json:"attr,omitempty"`
	// Match says how text is compared (kinds text, label, placeholder, alt, title, hastext,
	// hasnottext; role with Hidden).
	Match *textMatch `json:"match,omitempty"`
	// N is the index of kind "nth" (negative counts from the end).
	N int `json:"n,omitempty"`
	// Sub is the chain a "has" or "hasnot" filter looks for inside each element, or the other
	// locator of "and" and "or", looked up from the document.
	Sub []step `json:"sub,omitempty"`
	// Token marks the elements the accessibility tree gave a "role" step.
	Token string `json:"token,omitempty"`
	// States are a "role" step's state options (Level, Checked, ...).
	States []roleState `json:"states,omitempty"`
	// Hidden says a "role" step matches hidden elements too: the page finds those itself, by
	// Role and, when there is one, the name in Match.
	Hidden bool   `json:"hidden,omitempty"`
	Role   string `json:"role,omitempty"`

	role    string     // kind "role": the role
	name    *textMatch // kind "role": the accessible name, nil for any
	display string     // how the step reads in errors
}

// textMatch is how a locator compares text: whitespace is collapsed and trimmed first.
type textMatch struct {
	Text       string `json:"text"`
	Exact      bool   `json:"exact,omitempty"`
	IgnoreCase bool   `json:"ignoreCase,omitempty"`
	Regexp     string `json:"re,omitempty"`
	Flags      string `json:"flags,omitempty"`

	re *regexp.Regexp
}

// Option says how a locator compares text: by default a case-insensitive substring, as in
// Playwright.
type Option func(*textMatch)

// Exact makes the text match the whole (whitespace-collapsed) text, case-sensitively unless
// IgnoreCase is given too.
func Exact() Option { return func(m *textMatch) { m.Exact = true } }

// IgnoreCase makes an Exact match ignore case.
func IgnoreCase() Option { return func(m *textMatch) { m.IgnoreCase = true } }

func newMatch(text string, opts []Option) *textMatch {
	m := &textMatch{Text: text}
	for _, o := range opts {
		o(m)
	}
	if !m.Exact {
		m.IgnoreCase = true
	}
	return m
}

// regexpMatch matches with re. The page runs it as a JavaScript RegExp: a leading (?i) or (?s)
// becomes a flag, the rest is the same in both dialects for the patterns locators need.
func regexpMatch(re *regexp.Regexp) *textMatch {
	src, flags := re.String(), ""
	for {
		if f, ok := strings.CutPrefix(src, "(?i)"); ok {
			src, flags = f, flags+"i"
		} else if f, ok := strings.CutPrefix(src, "(?s)"); ok {
			src, flags = f, flags+"s"
		} else {
			break
		}
	}
	return &textMatch{Regexp: src, Flags: flags, re: re}
}

// matches compares text as the page's script does.
func (m *textMatch) matches(text string) bool {
	text = strings.Join(strings.Fields(text), " ")
	if m.re != nil {
		return m.re.MatchString(text)
	}
	want := strings.Join(strings.Fields(m.Text), " ")
	switch {
	case m.Exact && m.IgnoreCase:
		return strings.EqualFold(text, want)
	case m.Exact:
		return text == want
	default:
		return strings.Contains(strings.ToLower(text), strings.ToLower(want))
	}
}

// String is the match as errors show it: "Sign in" or /^Sign/i.
func (m *textMatch) String() string {
	if m.re != nil {
		return "/" + m.Regexp + "/" + m.Flags
	}
	return fmt.Sprintf("%q", m.Text)
}

// RoleOption narrows GetByRole.
type RoleOption func(*step)

// Name keeps the elements whose accessible name contains name (case-insensitive), or, with
// Exact, equals it.
func Name(name string, opts ...Option) RoleOption {
	return func(s *step) { s.name = newMatch(name, opts) }
}

// NameMatching keeps the elements whose accessible name matches re.
func NameMatching(re *regexp.Regexp) RoleOption {
	return func(s *step) { s.name = &textMatch{re: re, Regexp: re.String()} }
}

func (tab *Tab) root(st step) *Locator { return &Locator{tab: tab, page: "page", steps: []step{st}} }

// Locator returns the elements matching the CSS selector css, in the document, its open shadow
// roots and its same-origin iframes.
func (tab *Tab) Locator(css string) *Locator {
	return tab.root(step{Kind: "css", Arg: css, display: fmt.Sprintf("css %q", css)})
}

// XPath returns the elements the XPath expression selects (in the document and same-origin
// iframes; XPath does not enter shadow roots).
func (tab *Tab) XPath(expr string) *Locator {
	return tab.root(step{Kind: "xpath", Arg: expr, display: fmt.Sprintf("xpath %q", expr)})
}

// GetByTestID returns the elements whose test-id attribute (Session.TestIDAttribute, by default
// data-testid; config locators.test_id_attribute) is id.
func (tab *Tab) GetByTestID(id string) *Locator {
	return tab.root(step{Kind: "testid", Arg: id, Attr: tab.testIDAttr(), display: fmt.Sprintf("%q", id)})
}

// GetByRole returns the elements with the ARIA role role ("button", "link", "textbox",
// "checkbox", "heading", ...) as Chromium's accessibility tree computes it, narrowed by Name or
// NameMatching and by the states Level, Checked, Pressed, Expanded, Selected and Disabled.
// Elements the accessibility tree ignores (hidden ones among them) match only with
// IncludeHidden.
func (tab *Tab) GetByRole(role string, opts ...RoleOption) *Locator {
	st := step{Kind: "role", role: role}
	for _, o := range opts {
		o(&st)
	}
	if st.Hidden {
		st.Role = strings.ToLower(role)
		if st.name != nil && st.name.re != nil {
			st.Match = regexpMatch(st.name.re)
		} else {
			st.Match = st.name
		}
	}
	st.display = st.roleDisplay()
	return tab.root(st)
}

// GetByText returns the elements whose text matches text: the innermost elements holding it,
// not their ancestors. Buttons of type submit/button show their value as text.
func (tab *Tab) GetByText(text string, opts ...Option) *Locator {
	m := newMatch(text, opts)
	return tab.root(step{Kind: "text", Match: m, display: "text " + m.String()})
}

// GetByTextMatching returns the innermost elements whose text matches re.
func (tab *Tab) GetByTextMatching(re *regexp.Regexp) *Locator {
	m := regexpMatch(re)
	return tab.root(step{Kind: "text", Match: m, display: "text " + m.String()})
}

// GetByLabel returns the form controls labelled text: by a <label for>, a wrapping <label>,
// aria-labelledby or aria-label.
func (tab *Tab) GetByLabel(text string, opts ...Option) *Locator {
	m := newMatch(text, opts)
	return tab.root(step{Kind: "label", Match: m, display: "field labelled " + m.String()})
}

// GetByPlaceholder returns the inputs and text areas whose placeholder matches text.
func (tab *Tab) GetByPlaceholder(text string, opts ...Option) *Locator {
	m := newMatch(text, opts)
	return tab.root(step{Kind: "placeholder", Match: m, display: "field with placeholder " + m.String()})
}

// GetByAltText returns the images (and image inputs and areas) whose alt text matches text.
func (tab *Tab) GetByAltText(text string, opts ...Option) *Locator {
	m := newMatch(text, opts)
	return tab.root(step{Kind: "alt", Match: m, display: "image " + m.String()})
}

// GetByTitle returns the elements whose title attribute matches text.
func (tab *Tab) GetByTitle(text string, opts ...Option) *Locator {
	m := newMatch(text, opts)
	return tab.root(step{Kind: "title", Match: m, display: "element titled " + m.String()})
}

// DefaultTestIDAttribute is the attribute GetByTestID reads unless the session says otherwise:
// the default of locators.test_id_attribute.
const DefaultTestIDAttribute = "data-testid"

// testIDAttr is the session's test-id attribute.
func (tab *Tab) testIDAttr() string {
	if tab.o.TestIDAttribute != "" {
		return tab.o.TestIDAttribute
	}
	return DefaultTestIDAttribute
}

// OnPage returns the locator with its steps and errors prefixed by page, the page object's
// name ("login page: click button \"Sign in\"").
func (l *Locator) OnPage(page string) *Locator {
	c := *l
	c.page = page
	return &c
}

func (l *Locator) with(st step) *Locator {
	c := *l
	c.steps = append(append([]step(nil), l.steps...), st)
	return &c
}

// inner chains the first step of in's chain and the rest after l.
func (l *Locator) inner(in *Locator) *Locator {
	c := *l
	c.steps = append(append([]step(nil), l.steps...), in.steps...)
	return &c
}

// Locator returns the elements matching css inside the elements l matches.
func (l *Locator) Locator(css string) *Locator { return l.inner(l.tab.Locator(css)) }

// XPath returns the elements expr selects from each element l matches.
func (l *Locator) XPath(expr string) *Locator { return l.inner(l.tab.XPath(expr)) }

// GetByTestID returns the elements with test id id inside the elements l matches.
func (l *Locator) GetByTestID(id string) *Locator { return l.inner(l.tab.GetByTestID(id)) }

// GetByRole returns the elements with role role inside the elements l matches.
func (l *Locator) GetByRole(role string, opts ...RoleOption) *Locator {
	return l.inner(l.tab.GetByRole(role, opts...))
}

// GetByText returns the elements with text text inside the elements l matches.
func (l *Locator) GetByText(text string, opts ...Option) *Locator {
	return l.inner(l.tab.GetByText(text, opts...))
}

// GetByTextMatching returns the elements whose text matches re inside the elements l matches.
func (l *Locator) GetByTextMatching(re *regexp.Regexp) *Locator {
	return l.inner(l.tab.GetByTextMatching(re))
}

// GetByLabel returns the controls labelled text inside the elements l matches.
func (l *Locator) GetByLabel(text string, opts ...Option) *Locator {
	return l.inner(l.tab.GetByLabel(text, opts...))
}

// GetByPlaceholder returns the fields with placeholder text inside the elements l matches.
func (l *Locator) GetByPlaceholder(text string, opts ...Option) *Locator {
	return l.inner(l.tab.GetByPlaceholder(text, opts...))
}

// GetByAltText returns the images with alt text text inside the elements l matches.
func (l *Locator) GetByAltText(text string, opts ...Option) *Locator {
	return l.inner(l.tab.GetByAltText(text, opts...))
}

// GetByTitle returns the elements titled text inside the elements l matches.
func (l *Locator) GetByTitle(text string, opts ...Option) *Locator {
	return l.inner(l.tab.GetByTitle(text, opts...))
}

// Nth returns the i-th element l matches, from 0; a negative i counts from the end (-1 is the
// last).
func (l *Locator) Nth(i int) *Locator {
	return l.with(step{Kind: "nth", N: i, display: fmt.Sprintf("[nth=%d]", i)})
}

// First returns the first element l matches.
func (l *Locator) First() *Locator {
	return l.with(step{Kind: "nth", N: 0, display: "[first]"})
}

// Last returns the last element l matches.
func (l *Locator) Last() *Locator {
	return l.with(step{Kind: "nth", N: -1, display: "[last]"})
}

// Describe returns the locator named description in steps and errors instead of its chain of
// lookups, as Playwright's locator.describe: `flow "checkout"` for a row found by a CSS
// selector. Locators chained after it are named inside it.
func (l *Locator) Describe(description string) *Locator {
	return l.with(step{Kind: "describe", display: description})
}

// narrows reports whether a step of kind narrows (or, for "or", widens) the elements the steps
// before it matched (a filter, an index, a description) rather than looking inside them.
func narrows(kind string) bool {
	switch kind {
	case "nth", "hastext", "hasnottext", "has", "hasnot", "and", "or", "describe":
		return true
	}
	return false
}

// String names the locator in words, as errors do: `button "Sign in"`,
// `button "Buy" inside "product-card" [nth=2]`.
func (l *Locator) String() string { return describe(l.steps) }

func describe(steps []step) string {
	k, d := 0, -1 // the innermost chained step (what the words name first), the last description
	for i, st := range steps {
		switch {
		case st.Kind == "describe":
			d = i
		case i > 0 && !narrows(st.Kind):
			k = i
		}
	}
	if d > k {
		// A description names everything up to it; what narrows it follows.
		parts := []string{steps[d].display}
		for _, st := range steps[d+1:] {
			parts = append(parts, st.display)
		}
		return strings.Join(parts, " ")
	}
	parts := make([]string, 0, len(steps)-k)
	for _, st := range steps[k:] {
		parts = append(parts, st.display)
	}
	out := strings.Join(parts, " ")
	if k > 0 {
		out += " inside " + describe(steps[:k])
	}
	return out
}
