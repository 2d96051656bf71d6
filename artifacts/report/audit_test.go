package report_test

import (
	"bytes"
	"fmt"
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

// TestListGroupsFindingsByRuleAndHost: a finding every flow makes on a page of its own (a
// profile URL per user) is one line with its count of pages and flows; a finding that names no
// URL is grouped by where it was seen.
func TestListGroupsFindingsByRuleAndHost(t *testing.T) {
	r := &report.RunReport{Status: report.StatusPassed}
	for i := range 22 {
		msg := `localStorage "token" holds a JSON Web Token: any script on the origin can read it`
		if i == 21 {
			msg = `localStorage "jwt" holds a JSON Web Token: any script on the origin can read it`
		}
		fs := []report.Finding{{Rule: "security.stored_tokens", Level: report.LevelWarn, Where: fmt.Sprintf("page http://127.0.0.1:8080/#/profile/u%d", i), Message: msg}}
		if i < 2 {
			fs = append(fs, report.Finding{Rule: "budget.flow", Level: report.LevelWarn, Where: "flow", Message: "took 3s, budget 1s"})
		}
		r.Flows = append(r.Flows, report.FlowReport{ID: fmt.Sprintf("profile %d", i), Status: report.StatusPassed,
			Attempts: []report.AttemptReport{{Status: report.StatusPassed, Audit: &report.AuditReport{Findings: fs}}}})
	}
	var out bytes.Buffer
	reportReplay(t, report.NewListReporter(&out, report.ListOptions{}), r)
	list := out.String()
	assert.Contains(t, list, "\n  audit findings (2):\n"+
		`    warn security.stored_tokens on 127.0.0.1:8080: localStorage "token" holds a JSON Web Token: any script on the origin can read it (and 1 other message) (22 pages, 22 flows)`+"\n"+
		"      on page /#/profile/u0, page /#/profile/u1, page /#/profile/u2, page /#/profile/u3, page /#/profile/u4 and 17 more\n"+
		"    warn budget.flow on flow: took 3s, budget 1s (2 flows)\n")
	assert.Equal(t, 1, strings.Count(list, "stored_tokens"), "once, not once per page")
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
	assert.Contains(t, list, "  audit findings (2):\n"+
		"    fail security.cors on 127.0.0.1:8080: Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true (1 page, login)\n"+
		"      on GET /api\n"+
		"    warn security.csp on 127.0.0.1:8080: no Content-Security-Policy header (1 page, 2 flows)\n"+
		"      on GET /\n")

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

// An a11y finding carries the selectors of the elements at fault and the rule's help URL, and
// every reporter shows both.
func TestReportersShowA11yNodesAndHelp(t *testing.T) {
	r := reportWhole(t)
	fd := report.Finding{Rule: "a11y.image-alt", Level: report.LevelFail, Where: "http://127.0.0.1:8080/",
		Message: "Images must have alternative text (critical)", Nodes: []string{"img", `#hero > img`},
		HelpURL: "https://dequeuniversity.com/rules/axe/4.14/image-alt?application=axeAPI", Fix: "Element does not have an alt attribute"}
	for i := range r.Flows[:2] {
		a := &r.Flows[i].Attempts[len(r.Flows[i].Attempts)-1]
		a.Audit = &report.AuditReport{Findings: []report.Finding{fd}}
	}
	require.Len(t, report.GroupFindings(r)[0].Findings, 1, "the same finding of two flows is one")
	var out bytes.Buffer
	reportReplay(t, report.NewListReporter(&out, report.ListOptions{}), r)
	assert.Contains(t, out.String(), "    fail a11y.image-alt on 127.0.0.1:8080: Images must have alternative text (critical) (1 page, 2 flows)\n"+
		"      on /\n"+
		"      at img, #hero > img\n"+
		"      Element does not have an alt attribute\n"+
		"      https://dequeuniversity.com/rules/axe/4.14/image-alt?application=axeAPI\n")

	dir := t.TempDir()
	path, _ := reportWriteJUnit(t, dir, r)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), "audit: fail a11y.image-alt http://127.0.0.1:8080/: Images must have alternative text (critical) [img, #hero > img] "+
		"Element does not have an alt attribute; https://dequeuniversity.com/rules/axe/4.14/image-alt?application=axeAPI\n", "in CDATA")
	require.NoError(t, reportValidate(t, path))

	html := reportWriteHTML(t, dir, r)
	assert.Contains(t, html, `<span class="nodes" data-testid="report-audit-nodes">at <code>img</code>, <code>#hero &gt; img</code></span> `+
		`<span class="fix" data-testid="report-audit-fix">Element does not have an alt attribute</span> <a href="https://dequeuniversity.com/rules/axe/4.14/image-alt?application=axeAPI" rel="noopener" data-testid="report-audit-help">help</a>`)

	jsonPath := dir + "/report.json"
	reportReplay(t, report.NewJSONReporter(jsonPath), r)
	js, err := os.ReadFile(jsonPath)
	require.NoError(t, err)
	assert.Contains(t, string(js), `"rule": "a11y.image-alt"`)
	assert.Contains(t, string(js), `"nodes": [`)
	assert.Contains(t, string(js), `"help_url": "https://dequeuniversity.com/rules/axe/4.14/image-alt?application=axeAPI"`)
	assert.Contains(t, string(js), `"fix": "Element does not have an alt attribute"`)
}
