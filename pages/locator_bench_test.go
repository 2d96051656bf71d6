package pages_test

import (
	"slices"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// BenchmarkLocatorClickAndText times a click and a text read of the fixture's "Sign in" button
// (the fixture with its moving button still)
// found by test id, CSS and role, and of the "Search" field found by its label. The variants take turns within each
// iteration, so that the machine's load falls on all alike; it reports the median of each in
// ms and the role/CSS ratio (goal: at most 2):
//
//	go test ./pages -run '^$' -bench LocatorClickAndText -benchtime 200x
func BenchmarkLocatorClickAndText(b *testing.B) {
	base := serveFixture(b)
	br := fixture.NewTestBrowser(b)
	s := openFixture(b, br, base, "/fixture.html?still=1", 10*time.Second)
	variants := []struct {
		name string
		op   func()
	}{
		{"testid", locatorOp(s.GetByTestID("only-button"))},
		{"css", locatorOp(s.Locator("#only"))},
		{"role", locatorOp(s.GetByRole("button", pages.Name("Sign in", pages.Exact())))},
		{"label", locatorOp(s.GetByLabel("Search"))},
	}
	times := make([][]time.Duration, len(variants))
	for _, v := range variants { // warm up: the first accessibility tree costs more
		v.op()
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := range variants {
			j := (i + k) % len(variants)
			start := time.Now()
			variants[j].op()
			times[j] = append(times[j], time.Since(start))
		}
	}
	b.StopTimer()
	b.ReportMetric(0, "ns/op")
	med := map[string]float64{}
	for j, v := range variants {
		slices.Sort(times[j])
		med[v.name] = float64(times[j][len(times[j])/2].Microseconds()) / 1000
		b.ReportMetric(med[v.name], "ms-"+v.name)
	}
	b.ReportMetric(med["role"]/med["css"], "role/css")
}

// locatorOp clicks l and reads its text.
func locatorOp(l *pages.Locator) func() {
	return func() {
		l.Click()
		l.InnerText()
	}
}
