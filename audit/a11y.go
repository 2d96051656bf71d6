package audit

import (
	"fmt"
	"slices"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/internal/axe"
)

// A11yTags are the axe rule tags the a11y audit runs by default: WCAG 2.1 levels A and AA.
var A11yTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// A11y configures the accessibility audit: axe-core run once per distinct page state a flow
// reached (audit.a11y).
type A11y struct {
	// Level is what a violation does; LevelOff: axe does not run.
	Level Level
	// Axe are the rules run and the parts of pages left out.
	Axe axe.Options
}

// A11yFindings returns a finding per axe rule and page that failed in any state of it a flow
// reached, at level, with the selectors of every element at fault and the rule's help URL; and
// a warning for each state axe could not run on (errs).
func A11yFindings(results []*axe.Results, errs []string, level Level) []report.Finding {
	type key struct{ rule, url string }
	var out []report.Finding
	at := map[key]int{}
	for _, r := range results {
		for _, v := range r.Violations {
			k := key{v.ID, r.URL}
			i, ok := at[k]
			if !ok {
				i = len(out)
				at[k] = i
				msg := v.Help
				if v.Impact != "" {
					msg += " (" + v.Impact + ")"
				}
				fd := report.Finding{Rule: "a11y." + v.ID, Level: string(level), Where: r.URL, Message: msg, HelpURL: v.HelpURL}
				if len(v.Nodes) > 0 {
					fd.Fix = v.Nodes[0].Fix()
				}
				out = append(out, fd)
			}
			for _, t := range v.Targets() {
				if !slices.Contains(out[i].Nodes, t) {
					out[i].Nodes = append(out[i].Nodes, t)
				}
			}
		}
	}
	for _, e := range errs {
		out = append(out, report.Finding{Rule: "a11y", Level: string(LevelWarn), Where: "axe", Message: fmt.Sprintf("axe did not run on a page state: %s", e)})
	}
	return out
}
