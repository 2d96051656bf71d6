package reportpage_test

import (
	"encoding/json"
	"image/color"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/internal/reportpage"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// traceHAREntry is one request of the fixture's network: its start after the trace's and its
// timings, every phase counted.
type traceHAREntry struct {
	startMS                                         int
	blocked, dns, connect, ssl, send, wait, receive float64
}

// traceFixture writes a failed flow "checkout" with two flow-level steps of one action each, a
// frame after each (the second wider), and a network of the entries, then index.html.
func traceFixture(t *testing.T, dir string, entries []traceHAREntry) string {
	t.Helper()
	t0 := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	at := filepath.Join(dir, "checkout")
	require.NoError(t, os.MkdirAll(filepath.Join(at, "trace"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(at, "trace", "0001.jpg"), testenv.SolidJPEG(t, 160, 100, color.RGBA{0, 150, 0, 255}), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(at, "trace", "0002.jpg"), testenv.SolidJPEG(t, 240, 150, color.RGBA{0, 0, 150, 255}), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(at, "trace", "failure.html"), []byte("<p data-e2e-target>total</p>"), 0o644))
	tr := report.Trace{Version: report.TraceVersion, Started: t0,
		Frames: []report.TraceFrame{
			{File: "trace/0001.jpg", MS: 100, Step: 1, Width: 160, Height: 100, ViewportWidth: 320, ViewportHeight: 200},
			{File: "trace/0002.jpg", MS: 900, Step: 3, Width: 240, Height: 150, ViewportWidth: 320, ViewportHeight: 200},
		},
		Steps: []report.TraceSpan{
			{StartMS: 0, EndMS: 500}, {StartMS: 5, EndMS: 100}, {StartMS: 500, EndMS: 1000}, {StartMS: 505, EndMS: 900},
		},
		Failure: &report.TraceFailure{Step: 3, Frame: 1, Target: &[4]float64{160, 100, 32, 20}, DOM: "trace/failure.html", DOMBefore: true},
	}
	b, err := json.Marshal(tr)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(at, "trace.json"), b, 0o644))

	var es []map[string]any
	for i, e := range entries {
		tm := har.Timings{Blocked: e.blocked, DNS: e.dns, Connect: e.connect + e.ssl, SSL: e.ssl, Send: e.send, Wait: e.wait, Receive: e.receive}
		es = append(es, map[string]any{
			"startedDateTime": t0.Add(time.Duration(e.startMS) * time.Millisecond).Format(time.RFC3339Nano),
			"time":            tm.Blocked + tm.DNS + tm.Connect + tm.Send + tm.Wait + tm.Receive,
			"request":         map[string]any{"method": "GET", "url": "https://shop.test/" + string(rune('a'+i))},
			"response":        map[string]any{"status": 200},
			"timings":         tm,
		})
	}
	b, err = json.Marshal(map[string]any{"log": map[string]any{"version": "1.2", "entries": es}})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(at, "network.har"), b, 0o644))

	failure := &report.Failure{Message: "total not shown"}
	r := &report.RunReport{Started: t0, Status: report.StatusFailed, Flows: []report.FlowReport{
		{ID: "checkout", Name: "checkout", Status: report.StatusFailed, Error: failure.Message, Attempts: []report.AttemptReport{{
			Status: report.StatusFailed, Started: t0, DurationMS: 1000, Failure: failure, Dir: "checkout",
			Artifacts: map[string]string{report.ArtifactTrace: "checkout/trace.json", report.ArtifactHAR: "checkout/network.har"},
			Steps: []report.StepReport{
				{Name: "open the cart", Status: "ok", DurationMS: 500},
				{Name: "cart page: open /cart", Depth: 1, StartMS: 5, DurationMS: 95, Status: "ok"},
				{Name: "pay", StartMS: 500, DurationMS: 500, Status: "FAIL", Error: failure.Message},
				{Name: `cart page: wait for "total"`, Depth: 1, StartMS: 505, DurationMS: 395, Status: "FAIL", Error: failure.Message},
			},
		}}},
	}}
	r.Totals.Add(report.StatusFailed)
	path := filepath.Join(dir, "index.html")
	require.NoError(t, report.NewHTMLReporter(path).RunEnded(r))
	return path
}

func TestReportTimelineInChromium(t *testing.T) {
	entries := []traceHAREntry{
		{startMS: 0, blocked: 10, dns: 20, connect: 30, ssl: 40, send: 10, wait: 60, receive: 30},
		{startMS: 300, wait: 100},
		{startMS: 150, blocked: 50, wait: 200, receive: 50},
	}
	index := traceFixture(t, t.TempDir(), entries)
	rp := reportpage.New(reportpage.LaunchTab(t, 10*time.Second))
	rp.OpenFile(index)
	rp.Expand("checkout")

	steps := rp.Timeline("checkout")
	require.Len(t, steps, 2)
	require.Equal(t, "open the cart", steps[0].Name)
	require.Equal(t, "ok", steps[0].Status)
	require.Equal(t, "500ms", steps[0].Duration)
	require.Equal(t, "FAIL", steps[1].Status)
	require.True(t, steps[1].Selected, "the failing step shows first")
	for _, s := range steps {
		require.True(t, s.ThumbLoaded, "thumbnail of %q", s.Name)
	}
	for i, want := range []struct{ frame, width int }{{0, 160}, {1, 240}} {
		shot := rp.ShowStep("checkout", i)
		require.Equal(t, want.frame, shot.Frame)
		require.Equal(t, want.width, shot.Width, "step %d's screenshot at full size", i)
		require.True(t, shot.Visible)
	}
	require.True(t, rp.FailureTarget("checkout"))
	text, href := rp.DOMLink("checkout")
	require.Equal(t, "DOM before the failing action", text)
	require.Equal(t, "./checkout/trace/failure.html", href)

	// The bars: the HAR's order; each starts and lasts in proportion to the span (0-450ms), and
	// its phases in proportion to their times.
	bars := rp.Waterfall("checkout")
	require.Len(t, bars, 3)
	const span = 450.0
	for i, e := range entries {
		bar := bars[i]
		require.Equal(t, i, bar.Index)
		total := e.blocked + e.dns + e.connect + e.ssl + e.send + e.wait + e.receive
		require.InDelta(t, float64(e.startMS)/span*bar.Track, bar.Left, 1.5, "start of %d", i)
		require.InDelta(t, total/span*bar.Track, bar.Width, 1.5, "length of %d", i)
		for name, ms := range map[string]float64{"blocked": e.blocked, "dns": e.dns, "connect": e.connect, "tls": e.ssl,
			"send": e.send, "wait": e.wait, "receive": e.receive} {
			if ms == 0 {
				require.NotContains(t, bar.Phases, name)
				continue
			}
			require.InDelta(t, ms/span*bar.Track, bar.Phases[name], 1.5, "%s of %d", name, i)
		}
	}
}
