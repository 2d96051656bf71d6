package audit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/report"
)

func entry(method, url, typ string, status int, headers ...string) har.Entry {
	e := har.Entry{ResourceType: typ}
	e.Request.Method, e.Request.URL = method, url
	e.Response.Status = status
	e.Response.Content.MimeType = "text/html"
	for i := 0; i+1 < len(headers); i += 2 {
		e.Response.Headers = append(e.Response.Headers, har.Header{Name: headers[i], Value: headers[i+1]})
	}
	return e
}

func rulesOf(fs []report.Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.Rule]++
	}
	return m
}

// The browser test (flows.TestAuditFindsEachPlantedViolationAndNothingOnTheCleanTwin) covers
// every rule on real traffic; mixed content needs an https page, planted here.
func TestMixedContent(t *testing.T) {
	h := &har.HAR{Log: har.Log{Entries: []har.Entry{
		entry("GET", "https://shop.test/", "document", 200),
		entry("GET", "http://cdn.test/app.js", "script", 200),
		entry("GET", "https://cdn.test/ok.js", "script", 200),
	}}}
	fs := Security(&Input{HAR: h}, map[string]Level{})
	require.Equal(t, 1, rulesOf(fs)["security.mixed_content"], Text(fs))
	assert.Contains(t, Text(fs), "warn security.mixed_content GET http://cdn.test/app.js: insecure http request from the https page https://shop.test/")

	h.Log.Entries[0].Request.URL = "http://shop.test/"
	assert.Zero(t, rulesOf(Security(&Input{HAR: h}, nil))["security.mixed_content"], "an http page")
}

func TestCSPWithNonceIgnoresUnsafeInline(t *testing.T) {
	h := &har.HAR{Log: har.Log{Entries: []har.Entry{
		entry("GET", "https://shop.test/", "document", 200, "Content-Security-Policy", "script-src 'nonce-abc' 'unsafe-inline'; frame-ancestors 'self'",
			"X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer"),
	}}}
	assert.Empty(t, Security(&Input{HAR: h}, nil))
}

func TestLevelsTurnRulesOffAndUp(t *testing.T) {
	h := &har.HAR{Log: har.Log{Entries: []har.Entry{entry("GET", "http://shop.test/", "document", 200)}}}
	fs := Security(&Input{HAR: h}, map[string]Level{"csp": LevelFail, "framing": LevelOff})
	m := rulesOf(fs)
	assert.Zero(t, m["security.framing"])
	assert.Equal(t, 1, m["security.referrer_policy"])
	require.NotEmpty(t, (&report.AuditReport{Findings: fs}).Failing())
	assert.Equal(t, "security.csp", (&report.AuditReport{Findings: fs}).Failing()[0].Rule)
}

func TestBudgets(t *testing.T) {
	steps, err := ParseStepBudgets(map[string]string{"^log in": "1s", "in": "500ms"})
	require.NoError(t, err)
	page, err := ParsePageBudget(map[string]string{"lcp": "2s", "requests": "3", "bytes": "1KiB"})
	require.NoError(t, err)
	b := Budgets{Level: LevelFail, Steps: steps, Page: page, Flow: 0}
	fs, sb := b.Check([]report.StepReport{{Name: "log in", DurationMS: 700}, {Name: "open", DurationMS: 9000}},
		3000, []report.PageTiming{{URL: "http://a/", LCPMS: 2500, Requests: 2, Bytes: 2048}})
	require.Equal(t, []report.StepBudget{{Step: "log in", DurationMS: 700, BudgetMS: 500}}, sb, "the tightest budget applies")
	assert.Equal(t, "fail budget.step step log in: took 700ms, budget 500ms\n"+
		"fail budget.page page http://a/: LCP 2.5s, budget 2s\n"+
		"fail budget.page page http://a/: 2048 bytes transferred, budget 1024\n", Text(fs))

	_, err = ParsePageBudget(map[string]string{"fcpp": "1s"})
	assert.ErrorContains(t, err, `unknown metric "fcpp"`)
	_, err = ParseStepBudgets(map[string]string{"(": "1s"})
	assert.ErrorContains(t, err, "not a Go regular expression")
}

func TestPageTimingsCountEachPagesTraffic(t *testing.T) {
	doc := entry("GET", "http://a/", "document", 200)
	doc.Response.TransferSize = 100
	js := entry("GET", "http://a/app.js", "script", 200)
	js.Response.TransferSize = 50
	post := entry("POST", "http://a/login", "document", 303)
	next := entry("GET", "http://a/home", "document", 200)
	next.Response.TransferSize = 10
	h := &har.HAR{Log: har.Log{Entries: []har.Entry{doc, js, post, next}}}
	pts := PageTimings([]Measured{{URL: "http://a/#top", TTFB: 3.33}, {URL: "http://a/home", FCP: -1}}, h)
	require.Len(t, pts, 2)
	assert.Equal(t, report.PageTiming{URL: "http://a/#top", TTFBMS: 3.3, Requests: 2, Bytes: 150}, pts[0])
	assert.Equal(t, 1, pts[1].Requests)
	assert.Equal(t, -1.0, pts[1].FCPMS)
}
