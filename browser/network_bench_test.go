package browser

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/redact"
)

// BenchmarkRecordingOverhead runs netSite's login flow on fresh contexts, alternately recorded
// (HAR with bodies, console) and not, and reports the median of each and the overhead:
//
//	go test ./browser -run XXX -bench RecordingOverhead -benchtime 40x
func BenchmarkRecordingOverhead(b *testing.B) {
	br := netTestBrowser(b)
	site := newNetSite(b)
	var with, without []time.Duration
	b.ResetTimer()
	for i := range b.N {
		record := i%2 == 1
		d := runLoginFlow(b, br, site, record)
		if record {
			with = append(with, d)
		} else {
			without = append(without, d)
		}
	}
	if len(with) == 0 || len(without) == 0 {
		return
	}
	mw, mo := median(with), median(without)
	b.ReportMetric(float64(mw.Microseconds())/1000, "ms/recorded-flow")
	b.ReportMetric(float64(mo.Microseconds())/1000, "ms/plain-flow")
	b.ReportMetric(100*(float64(mw)/float64(mo)-1), "%overhead")
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// runLoginFlow runs the flow once and returns how long it took, recording included.
func runLoginFlow(b testing.TB, br *Browser, site *netSite, record bool) time.Duration {
	bctx, err := br.NewContext(context.Background())
	require.NoError(b, err)
	defer func() { _ = bctx.Close() }()
	page, err := bctx.NewPage(context.Background())
	require.NoError(b, err)
	page = page.Timeout(30 * time.Second)

	start := time.Now()
	var rec *Recording
	if record {
		har := har.NewBuilder(har.Options{MaxBody: 256 << 10, Redactor: redact.NewRedactor(redact.Options{})})
		rec, err = Record(page, har, artifacts.NewConsoleLog())
		require.NoError(b, err)
	}
	page.MustNavigate(site.URL + "/start").MustWaitLoad()
	page.MustElement("#username").MustInput("alice")
	page.MustElement("#password").MustInput(netPassword)
	wait := page.WaitNavigation(proto.PageLifecycleEventNameLoad)
	page.MustElement("#submit").MustClick()
	wait()
	page.MustWait(`() => document.title === "done"`)
	if record {
		rec.Stop()
	}
	return time.Since(start)
}
