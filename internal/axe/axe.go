// Package axe runs axe-core, the accessibility engine, in a page. axe-core is vendored in
// vendor/ (minified, with its MPL-2.0 licence), embedded, and injected into a page only when a
// check or the a11y audit first runs there.
package axe

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Version is the vendored axe-core's version.
const Version = "4.14.1"

//go:embed vendor/axe.min.js
var source string

//go:embed run.js
var runJS string

// Tags are the rule tags a check may name (axe-core's own; others are refused by axe).
var Tags = []string{"wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "section508"}

// Options say what axe checks.
type Options struct {
	// Tags run only the rules with one of these tags ("wcag2a", "wcag2aa", "wcag21aa",
	// "best-practice"); empty: every rule but the experimental ones.
	Tags []string
	// DisableRules are rule ids not to run ("color-contrast").
	DisableRules []string
	// Rules, when set, are the only rules run, whatever their tags (axe's runOnly rules); a
	// check gives Tags or Rules, not both.
	Rules []string
	// Include limits the check to the elements these CSS selectors match.
	Include []string
	// Exclude leaves out the elements these CSS selectors match, and what is inside them.
	Exclude []string
}

// Results are axe's findings on one page.
type Results struct {
	// URL is the page's address.
	URL string `json:"url"`
	// Violations are the rules that failed, one entry per rule, with the elements at fault.
	Violations []Violation `json:"violations"`
}

// Violation is one rule that failed.
type Violation struct {
	// ID is axe's rule id ("image-alt").
	ID string `json:"id"`
	// Impact is minor, moderate, serious or critical.
	Impact string `json:"impact"`
	// Help says in one line what the rule asks for.
	Help string `json:"help"`
	// HelpURL is the rule's page at Deque University.
	HelpURL string `json:"helpUrl"`
	// Tags are the rule's tags (wcag2a, wcag111, ...).
	Tags []string `json:"tags"`
	// Nodes are the elements that failed it.
	Nodes []Node `json:"nodes"`
}

// Node is an element that failed a rule.
type Node struct {
	// Target is a CSS selector of the element (" >>> " between shadow roots).
	Target string `json:"target"`
	// Summary says what to fix, as axe words it: "Fix any of the following:" and a line per way
	// ("Element has insufficient color contrast of 2.32 (foreground color: #999999, ...)").
	Summary string `json:"summary"`
}

// maxFix bounds Node.Fix.
const maxFix = 200

// Fix is the first way to fix n that axe gives, on one line of at most maxFix bytes and a "…":
// "Element does not have an alt attribute"; "" when axe gives none.
func (n Node) Fix() string {
	for _, line := range strings.Split(n.Summary, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "Fix any of the following") || strings.HasPrefix(line, "Fix all of the following") {
			continue
		}
		if len(line) > maxFix {
			line = strings.ToValidUTF8(line[:maxFix], "") + "…"
		}
		return line
	}
	return ""
}

// Targets returns the selectors of v's elements.
func (v Violation) Targets() []string {
	out := make([]string, len(v.Nodes))
	for i, n := range v.Nodes {
		out[i] = n.Target
	}
	return out
}

// String is one line per violation: `image-alt (critical, 1 element: img): Images must have
// alternative text https://...`.
func (r *Results) String() string {
	var b strings.Builder
	for _, v := range r.Violations {
		fmt.Fprintf(&b, "%s (%s, %d element(s): %s): %s %s\n", v.ID, v.Impact, len(v.Nodes), strings.Join(v.Targets(), ", "), v.Help, v.HelpURL)
	}
	return b.String()
}

// Run runs axe on p, or on el (and what is inside it) when el is not nil, injecting axe-core
// first when the page does not have it. p bounds the calls with its context.
func Run(p *rod.Page, el *rod.Element, o Options) (*Results, error) {
	opts := runOptions(o)
	opts["element"] = el != nil
	r, _, err := run(p, el, opts)
	return r, err
}

// run runs run.js with args, injecting axe when the page lacks it, and returns its results and
// the page's state after them (state.js).
func run(p *rod.Page, el *rod.Element, args map[string]any) (*Results, string, error) {
	once := func() (*Results, string, bool, error) {
		eval := rod.Eval(runJS, args).ByPromise()
		var res *proto.RuntimeRemoteObject
		var err error
		if el != nil {
			res, err = el.Context(p.GetContext()).Evaluate(eval)
		} else {
			res, err = p.Evaluate(eval)
		}
		if err != nil {
			return nil, "", false, fmt.Errorf("axe: %w", err)
		}
		var out struct {
			Results
			Missing bool   `json:"missing"`
			State   string `json:"state"`
		}
		if err := json.Unmarshal([]byte(res.Value.JSON("", "")), &out); err != nil {
			return nil, "", false, fmt.Errorf("axe: read its results: %w", err)
		}
		if out.Violations == nil {
			out.Violations = []Violation{}
		}
		sortViolations(&out.Results)
		return &out.Results, out.State, out.Missing, nil
	}
	r, state, missing, err := once()
	if err != nil || !missing {
		return r, state, err
	}
	if err := Inject(p); err != nil {
		return nil, "", err
	}
	r, state, missing, err = once()
	if missing {
		return nil, "", fmt.Errorf("axe: not in the page after it was injected (a new document came?)")
	}
	return r, state, err
}

// Inject puts axe-core into p's current document.
func Inject(p *rod.Page) error {
	res, err := proto.RuntimeEvaluate{Expression: source, Silent: true}.Call(p)
	if err != nil {
		return fmt.Errorf("axe: inject: %w", err)
	}
	if res.ExceptionDetails != nil {
		return fmt.Errorf("axe: inject: %s", res.ExceptionDetails.Text)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// sortViolations puts r's violations in rule id order.
func sortViolations(r *Results) {
	sort.SliceStable(r.Violations, func(i, j int) bool { return r.Violations[i].ID < r.Violations[j].ID })
}
