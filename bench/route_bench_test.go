package bench

import (
	"testing"
	"time"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/e2e-dev/e2e/route"
)

// BenchmarkRouting times the seven flows, one worker, with no route (the router then makes no
// DevTools call at all) and with one pass-through route on the shop's API (/api/**: every
// favourites call is paused by Fetch, noted, marked in the HAR and continued), alternating
// which goes first:
//
//	go test -run '^$' -bench Routing -benchtime 6x ./bench
//
// It reports the median wall time of each and the cost of the route in percent (target: at
// most 5%).
func BenchmarkRouting(b *testing.B) {
	h := newHarness(b)
	apiRoute := []route.Rule{{Match: route.Match{URL: "/api/**"}, Action: route.Delay{For: 0}}}
	none, one := alternate(b,
		func() time.Duration { return h.run(b, "", func(o *runner.Options) { o.Env.Routes = nil }) },
		func() time.Duration { return h.run(b, "", func(o *runner.Options) { o.Env.Routes = apiRoute }) })
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(none).Seconds(), "s-no-route/suite")
	b.ReportMetric(median(one).Seconds(), "s-api-route/suite")
	b.ReportMetric(100*(median(one).Seconds()/median(none).Seconds()-1), "%-overhead")
}
