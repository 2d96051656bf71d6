package report_test

import (
	"encoding/json"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// reportTraceHAR is the fixture trace's network: a page, the tester's own API call (routed),
// and a failed request, with every phase of the first one.
const reportTraceHAR = `{"log": {"version": "1.2", "creator": {"name": "e2e", "version": "test"}, "entries": [
 {"startedDateTime": "2026-01-02T03:04:05.100Z", "time": 100, "request": {"method": "GET", "url": "https://shop.test/"},
  "response": {"status": 200}, "timings": {"blocked": 10, "dns": 5, "connect": 25, "ssl": 15, "send": 5, "wait": 40, "receive": 15}},
 {"startedDateTime": "2026-01-02T03:04:05.250Z", "time": 50, "request": {"method": "PUT", "url": "https://shop.test/api/favourites/3"},
  "response": {"status": 204}, "timings": {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": 50, "receive": 0},
  "_routed": {"action": "fulfill"}, "_source": "api"},
 {"startedDateTime": "2026-01-02T03:04:05.300Z", "time": 100, "request": {"method": "GET", "url": "https://shop.test/api/cart"},
  "response": {"status": 0, "_error": "net::ERR_CONNECTION_REFUSED"}, "timings": {"blocked": 100, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": 0, "receive": 0}}
]}}`

// reportTraceStart is the fixture trace's origin: 100ms before the first request.
var reportTraceStart = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// reportTraceFiles writes a trace of the steps of reportSteps(true) into dir/rel: a frame after
// the first and the last action, the DOM snapshot, trace.json and network.har.
func reportTraceFiles(t *testing.T, dir, rel string) {
	t.Helper()
	base := filepath.Join(dir, rel)
	require.NoError(t, os.MkdirAll(filepath.Join(base, "trace"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(base, "trace", "0001.jpg"), testenv.SolidJPEG(t, 80, 50, color.RGBA{0, 120, 0, 255}), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(base, "trace", "0002.jpg"), testenv.SolidJPEG(t, 80, 50, color.RGBA{0, 0, 160, 255}), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(base, "trace", "dom.html"), []byte(`<p data-e2e-target="">3</p>`), 0o644))
	tr := report.Trace{
		Version: report.TraceVersion, Started: reportTraceStart,
		Frames: []report.TraceFrame{
			{File: "trace/0001.jpg", MS: 300, Step: 1, Width: 80, Height: 50, ViewportWidth: 800, ViewportHeight: 500},
			{File: "trace/0002.jpg", MS: 2900, Step: 3, Width: 80, Height: 50, ViewportWidth: 800, ViewportHeight: 500},
		},
		Steps:   []report.TraceSpan{{StartMS: 0, EndMS: 2900}, {StartMS: 5, EndMS: 305}, {StartMS: 400, EndMS: 880}, {StartMS: 900, EndMS: 2900}},
		Console: []report.TraceConsole{{MS: 320, Level: "error", Text: "cart failed"}},
		Failure: &report.TraceFailure{Step: 3, Frame: 1, Selector: `[data-testid="fav-count"]`,
			Target: &[4]float64{400, 100, 80, 50}, DOM: "trace/dom.html"},
	}
	b, err := json.Marshal(tr)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(base, "trace.json"), b, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(base, "network.har"), []byte(reportTraceHAR), 0o644))
}

func TestHTMLReporterTimeline(t *testing.T) {
	dir := t.TempDir()
	r := reportShard1(t, dir)
	reportTraceFiles(t, dir, "add-favourite")
	html := reportWriteHTML(t, dir, r)

	require.Equal(t, 1, strings.Count(html, `data-testid="trace-film"`), "only the attempt with a readable trace")
	require.Contains(t, html, "could not be read", "the other attempt's fixture trace.json is not JSON")
	require.Equal(t, 1, strings.Count(html, `role="tab" class="film-step`), "one flow-level step")
	require.Equal(t, 3, strings.Count(html, `data-testid="trace-action"`), "its page actions")
	require.Contains(t, html, `data-testid="trace-step" data-step="0" data-frame="1" data-status="FAIL" aria-selected="true"`)
	require.Contains(t, html, `data:image/jpeg;base64,`)
	require.Contains(t, html, `href="./add-favourite/trace/dom.html"`)

	// The waterfall: the HAR's order, TLS apart from connect, and the marks.
	require.Equal(t, 3, strings.Count(html, `data-testid="trace-request-bar"`))
	i0 := strings.Index(html, `data-index="0"`)
	i1 := strings.Index(html, `data-index="1"`)
	i2 := strings.Index(html, `data-index="2"`)
	require.True(t, i0 < i1 && i1 < i2)
	// The span is 100ms (first start) to 400ms (the last end): 300ms.
	require.Contains(t, html, `style="left: 0.000%; width: 33.333%"`)
	require.Contains(t, html, `data-phase="connect" data-ms="10"`)
	require.Contains(t, html, `data-phase="tls" data-ms="15"`)
	require.Contains(t, html, `style="left: 50.000%; width: 16.667%"`)
	require.Contains(t, html, `data-routed data-source="api"`)
	require.Regexp(t, `class="wf-row failed" data-testid="trace-request-bar" data-index="2"`, html)
	// The failing element, outlined in % of the frame.
	require.Contains(t, html, `style="left: 50.000%; top: 20.000%; width: 10.000%; height: 10.000%"`)
	// The step's console line and requests.
	require.Contains(t, html, "cart failed")
	require.Equal(t, 3, strings.Count(html, `data-testid="trace-request"`))
}

func TestHTMLReporterTimelineLinksFramesPastTheBudget(t *testing.T) {
	dir := t.TempDir()
	r := reportShard1(t, dir)
	reportTraceFiles(t, dir, "add-favourite")
	big := append(testenv.SolidJPEG(t, 8, 8, color.Black), make([]byte, report.MaxEmbeddedFrames)...)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "add-favourite", "trace", "0001.jpg"), big, 0o644))
	html := reportWriteHTML(t, dir, r)
	require.Contains(t, html, `./add-favourite/trace/0001.jpg`)
	require.Contains(t, html, `data:image/jpeg;base64,`, "the second frame still fits")
}

func TestMergeCarriesTraces(t *testing.T) {
	root := t.TempDir()
	rs, dirs := reportShards(t, root)
	reportTraceFiles(t, dirs[1], "add-favourite")
	out := filepath.Join(root, "merged")
	m, _, err := report.MergeRunReports(rs, dirs, out)
	require.NoError(t, err)
	clash := m.Flows[4].Attempts[0]
	require.Equal(t, "add-favourite-shard2/trace.json", clash.Artifacts[report.ArtifactTrace])
	tr, err := report.ReadTrace(filepath.Join(out, "add-favourite-shard2", "trace.json"))
	require.NoError(t, err)
	for _, f := range tr.Frames {
		require.FileExists(t, filepath.Join(out, "add-favourite-shard2", f.File))
	}
	html := reportWriteHTML(t, out, m)
	require.Contains(t, html, `href="./add-favourite-shard2/trace/dom.html"`)
	require.Contains(t, html, `data:image/jpeg;base64,`)
}

func TestHTMLReporterTimelineOfAFailedCheck(t *testing.T) {
	dir := t.TempDir()
	r := reportShard1(t, dir)
	reportTraceFiles(t, dir, "add-favourite")
	p := filepath.Join(dir, "add-favourite", "trace.json")
	tr, err := report.ReadTrace(p)
	require.NoError(t, err)
	tr.Failure = nil // an assertion failed, no action
	b, err := json.Marshal(tr)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(p, b, 0o644))
	html := reportWriteHTML(t, dir, r)
	require.Contains(t, html, `<img data-testid="trace-final-shot" data-frame="1"`, "the last frame")
	require.NotContains(t, html, `data-testid="trace-target" style`)
}
