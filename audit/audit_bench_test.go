package audit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/e2e-dev/e2e/artifacts/har"
)

// BenchmarkAudit runs every rule and the page timings on a HAR the size of a long shop flow's
// (8 pages of 8 KB HTML, each with 3 API calls), with a probe: the audit's CPU per attempt,
// apart from the browser round trips (go test -run '^$' -bench Audit ./audit).
func BenchmarkAudit(b *testing.B) {
	h := &har.HAR{}
	var ms []Measured
	body := strings.Repeat(`<li class="card" data-testid="product-card"><a href="/products/1">Shoe &lt;x&gt;</a></li>`, 90)
	for p := range 8 {
		u := fmt.Sprintf("http://127.0.0.1:8080/page%d?next=/x", p)
		doc := entry("GET", u, "document", 200, "Content-Security-Policy", "default-src 'none'; script-src 'sha256-abc'; frame-ancestors 'none'",
			"X-Content-Type-Options", "nosniff", "Referrer-Policy", "same-origin", "Set-Cookie", "session=x")
		doc.Response.Content.Text = body
		doc.Response.Cookies = []har.Cookie{{Name: "session", HTTPOnly: true, SameSite: "Lax"}}
		h.Log.Entries = append(h.Log.Entries, doc)
		for a := range 3 {
			api := entry("GET", fmt.Sprintf("http://127.0.0.1:8080/api/x%d?page=%d", a, p), "fetch", 200)
			api.Response.Content.MimeType, api.Response.Content.Text = "application/json", `{"items":[]}`
			h.Log.Entries = append(h.Log.Entries, api)
		}
		ms = append(ms, Measured{URL: u, TTFB: 3, FCP: 30, LCP: 40})
	}
	in := &Input{HAR: h, AppURL: "http://127.0.0.1:8080", Probes: []string{"Ada" + Probe("abcdefgh")}, PageURLs: []string{"http://127.0.0.1:8080/"}}
	b.ReportAllocs()
	for b.Loop() {
		if fs := Security(in, nil); len(fs) != 0 {
			b.Fatal(Text(fs))
		}
		PageTimings(ms, h)
	}
}
