package audit

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/internal/axe"
)

// One finding per rule and page, however many states saw it, with every element at fault.
func TestA11yFindings(t *testing.T) {
	alt := func(target string) axe.Violation {
		return axe.Violation{ID: "image-alt", Impact: "critical", Help: "Images must have alternative text", HelpURL: "https://h/image-alt", Nodes: []axe.Node{{Target: target,
			Summary: "Fix any of the following:\n  Element does not have an alt attribute\n  aria-label attribute does not exist or is empty"}}}
	}
	fs := A11yFindings([]*axe.Results{
		{URL: "http://a/", Violations: []axe.Violation{alt("img")}},
		{URL: "http://a/", Violations: []axe.Violation{alt("img"), alt("#new")}},
		{URL: "http://a/b", Violations: []axe.Violation{alt("img")}},
	}, []string{"axe: context deadline exceeded"}, LevelFail)
	require.Equal(t, []report.Finding{
		{Rule: "a11y.image-alt", Level: "fail", Where: "http://a/", Message: "Images must have alternative text (critical)", Nodes: []string{"img", "#new"}, HelpURL: "https://h/image-alt", Fix: "Element does not have an alt attribute"},
		{Rule: "a11y.image-alt", Level: "fail", Where: "http://a/b", Message: "Images must have alternative text (critical)", Nodes: []string{"img"}, HelpURL: "https://h/image-alt", Fix: "Element does not have an alt attribute"},
		{Rule: "a11y", Level: "warn", Where: "axe", Message: "axe did not run on a page state: axe: context deadline exceeded"},
	}, fs)
}
