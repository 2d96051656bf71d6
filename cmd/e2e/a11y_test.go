package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// a11yRules are the a11y rules of the findings of rep's last attempts.
func a11yRules(rep *report.RunReport) []string {
	var out []string
	for _, f := range rep.Flows {
		for _, fd := range f.Attempts[len(f.Attempts)-1].Audit.All() {
			if strings.HasPrefix(fd.Rule, "a11y") && !slices.Contains(out, fd.Rule) {
				out = append(out, fd.Rule)
			}
		}
	}
	slices.Sort(out)
	return out
}

// runA11y runs the shop's flows on 2 workers with the a11y audit at level and args, wants the
// exit code, and returns the run's CLI and report.json.
func runA11y(t *testing.T, level string, code int, args ...string) (*proc, *report.RunReport) {
	t.Helper()
	c := newCLI(t)
	got := c.run(append([]string{"run", "--audit-a11y", level, "--workers", "2", "--reporter", "list,json,junit"}, args...)...)
	require.Equal(t, code, got, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	rep, err := report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
	require.NoError(t, err)
	return c, rep
}

// The a11y audit at fail passes on the shop, and fails every flow that reached a page of a shop
// built with hole:a11y, naming axe's rules with the elements and help in report.json. At warn
// those flows pass and do not wait for axe's last runs; every reporter still has the findings.
func TestA11yAuditOnTheShop(t *testing.T) {
	c, rep := runA11y(t, "fail", 0)
	require.Contains(t, c.out.String(), "7 passed")
	require.Empty(t, a11yRules(rep))

	c, rep = runA11y(t, "fail", 1, "--shop-fault", "hole:a11y")
	require.Equal(t, []string{"a11y.color-contrast", "a11y.image-alt", "a11y.label"}, a11yRules(rep))
	var alt *report.Finding
	for _, f := range rep.Flows {
		a := f.Attempts[len(f.Attempts)-1]
		for i, fd := range a.Audit.All() {
			if fd.Rule == "a11y.image-alt" {
				alt = &a.Audit.Findings[i]
				require.Equal(t, report.StatusFailed, f.Status)
				require.Contains(t, a.Failure.Message, "a11y.image-alt")
			}
		}
	}
	require.NotNil(t, alt)
	require.Equal(t, []string{"img"}, alt.Nodes)
	require.Equal(t, "Images must have alternative text (critical)", alt.Message)
	require.Contains(t, alt.HelpURL, "https://dequeuniversity.com/rules/axe/4.14/image-alt")
	require.Contains(t, c.out.String(), "fail a11y.image-alt on 127.0.0.1:")

	c, rep = runA11y(t, "warn", 0, "--shop-fault", "hole:a11y")
	require.Equal(t, []string{"a11y.color-contrast", "a11y.image-alt", "a11y.label"}, a11yRules(rep))
	require.Contains(t, c.out.String(), "warn a11y.image-alt on 127.0.0.1:")
	junit, err := os.ReadFile(filepath.Join(c.dir, "test-results", "junit.xml"))
	require.NoError(t, err)
	for _, rule := range a11yRules(rep) {
		require.Contains(t, string(junit), rule)
	}
}
