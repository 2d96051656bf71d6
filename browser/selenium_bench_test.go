package browser

import (
	"context"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"
)

// BenchmarkGridPhases times what a browser costs a run on each path, alternating them in every
// iteration: a local launch of the same Chromium the test grid's node runs (/usr/bin/chromium),
// a session on the standalone test grid reached directly (the default for a node on this
// machine), and one reached through the grid's proxy (browser.remote.direct: false). For each:
// getting the browser (launch, or POST /session and connecting), one DevTools round trip to a
// page (the median of 200 Runtime.evaluate), and closing it (kill, or DELETE /session).
//
//	go test ./browser -run '^$' -bench GridPhases -benchtime 5x
func BenchmarkGridPhases(b *testing.B) {
	srv := standaloneTestGrid(b)
	grid := seleniumOpts(srv, nil)
	paths := []struct {
		name string
		opts Options
	}{
		{"local", Options{Headless: true, Bin: "/usr/bin/chromium"}},
		{"grid-direct", grid},
		{"grid-proxied", func() Options { o := grid; o.Remote.ViaGrid = true; return o }()},
	}
	times := make([]phaseTimes, len(paths))
	for i := 0; i < b.N; i++ {
		for j := range paths {
			k := (i + j) % len(paths) // each path goes first in turn
			timePhases(b, paths[k].opts, &times[k])
		}
	}
	for k, p := range paths {
		b.ReportMetric(float64(median(times[k].open).Milliseconds()), "ms-open-"+p.name)
		b.ReportMetric(float64(median(times[k].rtt).Microseconds()), "us-rtt-"+p.name)
		b.ReportMetric(float64(median(times[k].close).Milliseconds()), "ms-close-"+p.name)
	}
}

// phaseTimes are one path's timings over the iterations.
type phaseTimes struct{ open, rtt, close []time.Duration }

// timePhases opens a browser with opts and times its phases into pt.
func timePhases(b *testing.B, opts Options, pt *phaseTimes) {
	b.Helper()
	start := time.Now()
	br, err := Open(context.Background(), opts)
	require.NoError(b, err)
	pt.open = append(pt.open, time.Since(start))
	page, err := br.Rod.Page(proto.TargetCreateTarget{URL: "about:blank"})
	require.NoError(b, err)
	var rtts []time.Duration
	for range 200 {
		s := time.Now()
		_, err := proto.RuntimeEvaluate{Expression: "1"}.Call(page)
		require.NoError(b, err)
		rtts = append(rtts, time.Since(s))
	}
	pt.rtt = append(pt.rtt, median(rtts))
	start = time.Now()
	require.NoError(b, br.Close())
	pt.close = append(pt.close, time.Since(start))
}
