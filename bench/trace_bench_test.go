package bench

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
)

// BenchmarkTraceOverhead times the seven flows, one worker, with no trace (artifacts.trace off),
// with the default retain-on-failure (a frame captured after every action of every flow, kept in
// memory and dropped as each passes) and with trace on (every flow's trace written), rotating
// which goes first:
//
//	go test -run '^$' -bench TraceOverhead -benchtime 6x -timeout 30m ./bench
//
// It reports the median wall time of each, the overhead of each mode in percent, and the disk
// the traces of 70 flows take (ten times the seven flows' trace.json and frames, trace on).
func BenchmarkTraceOverhead(b *testing.B) {
	h := newHarness(b)
	var traceBytes int64
	run := func(mode artifacts.Mode) func() time.Duration {
		return func() time.Duration {
			var dir string
			took := h.run(b, "", func(o *runner.Options) {
				o.Env.Trace = mode
				dir = o.ArtifactsDir
			})
			if mode == artifacts.ModeOn {
				traceBytes = traceDiskUse(b, dir)
			}
			return took
		}
	}
	var off, retain, on []time.Duration
	order := []func(){
		func() { off = append(off, run(artifacts.ModeOff)()) },
		func() { retain = append(retain, run(artifacts.ModeRetainOnFailure)()) },
		func() { on = append(on, run(artifacts.ModeOn)()) },
	}
	for i := 0; i < b.N; i++ {
		for k := range order {
			order[(i+k)%len(order)]()
		}
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(off).Seconds(), "s-trace-off/suite")
	b.ReportMetric(median(retain).Seconds(), "s-retain-on-failure/suite")
	b.ReportMetric(median(on).Seconds(), "s-trace-on/suite")
	b.ReportMetric(100*(median(retain).Seconds()/median(off).Seconds()-1), "%-retain-overhead")
	b.ReportMetric(100*(median(on).Seconds()/median(off).Seconds()-1), "%-on-overhead")
	b.ReportMetric(float64(traceBytes)*10/(1<<20), "MB-traces/70-flows")
}

// traceDiskUse adds up the bytes of every trace.json and trace frame folder under dir.
func traceDiskUse(b *testing.B, dir string) int64 {
	b.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if d.Name() == "trace.json" || strings.Contains(filepath.ToSlash(p), "/trace/") {
			info, err := os.Stat(p)
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	require.NoError(b, err)
	require.Positive(b, n, "trace on wrote no trace")
	return n
}
