package report_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// withFindings gives two flows of r the same warning and one of them a failing finding, page
// timings and a step budget.
func withFindings(r *report.RunReport) {
	warn := report.Finding{Rule: "security.csp", Level: report.LevelWarn, Where: "GET http://127.0.0.1:8080/", Message: "no Content-Security-Policy header"}
	fail := report.Finding{Rule: "security.cors", Level: report.LevelFail, Where: "GET http://127.0.0.1:8080/api", Message: "Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true"}
	for i := range r.Flows[:2] {
		a := &r.Flows[i].Attempts[len(r.Flows[i].Attempts)-1]
		a.Audit = &report.AuditReport{Findings: []report.Finding{warn}}
	}
	a := &r.Flows[0].Attempts[len(r.Flows[0].Attempts)-1]
	a.Audit.Findings = append(a.Audit.Findings, fail)
	a.Audit.Pages = []report.PageTiming{{URL: "http://127.0.0.1:8080/<x>", TTFBMS: 3, FCPMS: 40, LCPMS: 60, Requests: 3, Bytes: 9000}}
	a.Audit.Steps = []report.StepBudget{{Step: a.Steps[0].Name, DurationMS: a.Steps[0].DurationMS, BudgetMS: 1}}
}

func TestGroupFindingsDeduplicatesAcrossFlows(t *testing.T) {
	r := reportWhole(t)
	withFindings(r)
	groups := report.GroupFindings(r)
	require.Len(t, groups, 2)
	assert.Equal(t, "security.csp", groups[0].Rule)
	require.Len(t, groups[0].Findings, 1, "one line for the same finding of two flows")
	assert.Equal(t, []string{r.Flows[0].ID, r.Flows[1].ID}, groups[0].Findings[0].Flows)
	assert.Equal(t, "security.cors", groups[1].Rule)
}

func TestReportersShowFindings(t *testing.T) {
	r := reportWhole(t)
	withFindings(r)
	var out bytes.Buffer
	reportReplay(t, report.NewListReporter(&out, report.ListOptions{}), r)
	list := out.String()
	summary := strings.Index(list, "passed, ")
	findings := strings.Index(list, "audit findings (2):")
	require.Positive(t, findings, list)
	assert.Greater(t, findings, summary, "after the summary")
	assert.Contains(t, list, "    security.csp\n      warn GET http://127.0.0.1:8080/: no Content-Security-Policy header (2 flows)\n")
	assert.Contains(t, list, "    security.cors\n      fail GET http://127.0.0.1:8080/api: ")

	dir := t.TempDir()
	path, doc := reportWriteJUnit(t, dir, r)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), "audit: fail security.cors GET http://127.0.0.1:8080/api: Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true\n")
	assert.NotEmpty(t, doc)

	html := reportWriteHTML(t, dir, r)
	assert.Contains(t, html, `data-testid="report-audit"`)
	assert.Contains(t, html, `data-testid="report-audit-chart"><svg`)
	assert.Contains(t, html, "http://127.0.0.1:8080/&lt;x&gt;", "chart labels escaped")
	assert.NotContains(t, html, "8080/<x>")
}

// Findings keep junit.xml valid against the schema CI systems read.
func TestJUnitWithFindingsValid(t *testing.T) {
	r := reportWhole(t)
	withFindings(r)
	path, _ := reportWriteJUnit(t, t.TempDir(), r)
	require.NoError(t, reportValidate(t, path))
}
