package reportpage_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/internal/reportpage"
)

// reportPNG is a 64×48 PNG of one colour.
func reportPNG(t *testing.T) []byte { return solidPNG(t, color.RGBA{200, 30, 30, 255}) }

// solidPNG is a 64×48 PNG of colour c.
func solidPNG(t *testing.T, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

// reportArtifacts writes a failed attempt's files into dir/rel and returns them by kind.
func reportArtifacts(t *testing.T, dir, rel string, screenshot []byte) map[string]string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, rel), 0o755))
	arts := map[string]string{}
	for kind, name := range report.ArtifactFiles {
		data := []byte(kind + " of " + rel)
		if kind == report.ArtifactScreenshot {
			data = screenshot
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, rel, name), data, 0o644))
		arts[kind] = rel + "/" + name
	}
	return arts
}

// reportSteps of the fixture's failed attempt.
var reportSteps = []report.StepReport{
	{Name: "add favourite", Depth: 0, DurationMS: 2900, Status: "FAIL", Error: "boom"},
	{Name: "login page: open /login", Depth: 1, StartMS: 5, DurationMS: 300, Status: "ok"},
	{Name: `favourites page: wait for "fav-count" to read "3"`, Depth: 1, StartMS: 900, DurationMS: 2000, Status: "FAIL", Error: "boom"},
}

const reportMsg = `favourites page: "fav-count" still reads "2", want "3" after 2s`

// reportFixture writes into dir a run with a passed, a failed (screenshot and artifact files), a
// flaky, an interrupted and a skipped flow, and its index.html; it returns index.html's path.
func reportFixture(t *testing.T, dir string, screenshot []byte) string {
	t.Helper()
	t0 := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	failed := reportArtifacts(t, dir, "add-favourite", screenshot)
	flaky := reportArtifacts(t, dir, "checkout", screenshot)
	r := &report.RunReport{
		Started: t0, DurationMS: 9000, Status: report.StatusFailed, Workers: 2, BaseURL: "http://127.0.0.1:8080",
		Flows: []report.FlowReport{
			{ID: "login", Name: "login", Status: report.StatusPassed, DurationMS: 1200, Attempts: []report.AttemptReport{
				{Status: report.StatusPassed, Started: t0, DurationMS: 1200, Steps: []report.StepReport{{Name: "login page: open /login", Status: "ok"}}},
			}},
			{ID: "add favourite", Name: "add favourite", Status: report.StatusFailed, DurationMS: 3100, Error: reportMsg, Attempts: []report.AttemptReport{
				{Status: report.StatusFailed, Started: t0, DurationMS: 3100, Worker: 1, Steps: reportSteps, Dir: "add-favourite", Artifacts: failed,
					Failure: &report.Failure{Message: reportMsg, Step: `favourites page: wait for "fav-count" to read "3"`, Details: reportMsg + "\n(and the stack)"}},
			}},
			{ID: "checkout", Name: "checkout", Status: report.StatusFlaky, DurationMS: 4000, Error: "order total not shown", Attempts: []report.AttemptReport{
				{Status: report.StatusFailed, Started: t0, DurationMS: 3000, Dir: "checkout", Artifacts: flaky,
					Failure: &report.Failure{Message: "order total not shown"}},
				{Retry: 1, Status: report.StatusPassed, Started: t0.Add(3 * time.Second), DurationMS: 1000},
			}},
			{ID: "profile", Name: "profile", Status: report.StatusInterrupted},
			{ID: "admin", Name: "admin", Status: report.StatusSkipped},
		},
	}
	for _, f := range r.Flows {
		r.Totals.Add(f.Status)
	}
	path := filepath.Join(dir, "index.html")
	require.NoError(t, report.NewHTMLReporter(path).RunEnded(r))
	return path
}

func TestReportPageInChromium(t *testing.T) {
	dir := t.TempDir()
	index := reportFixture(t, dir, reportPNG(t))
	rp := reportpage.New(reportpage.LaunchTab(t, 10*time.Second))
	rp.OpenFile(index)

	require.Equal(t, map[string]int{"total": 5, "passed": 1, "failed": 1, "flaky": 1, "skipped": 1, "interrupted": 1}, rp.Totals())

	all := []reportpage.Flow{
		{ID: "login", Status: "passed"}, {ID: "add favourite", Status: "failed"}, {ID: "checkout", Status: "flaky"},
		{ID: "profile", Status: "interrupted"}, {ID: "admin", Status: "skipped"},
	}
	require.Equal(t, all, rp.VisibleFlows())

	// Collapsed, a row shows neither steps nor screenshot.
	require.Empty(t, rp.Steps("add favourite"))
	require.False(t, rp.ScreenshotShown("add favourite"))

	rp.Filter("failed")
	require.Equal(t, []reportpage.Flow{{ID: "add favourite", Status: "failed"}}, rp.VisibleFlows())

	rp.Expand("add favourite")
	require.Equal(t, []string{"add favourite", "login page: open /login", `favourites page: wait for "fav-count" to read "3"`}, rp.Steps("add favourite"))
	require.Equal(t, reportMsg, rp.Error("add favourite"))
	require.True(t, rp.ScreenshotShown("add favourite"), "the failure screenshot is shown")

	links := rp.ArtifactLinks("add favourite")
	require.Len(t, links, len(report.ArtifactFiles))
	for kind, name := range report.ArtifactFiles {
		require.Contains(t, links, kind)
		u, err := url.Parse(links[kind])
		require.NoError(t, err)
		require.Equal(t, "file", u.Scheme)
		require.Equal(t, filepath.Join(dir, "add-favourite", name), filepath.FromSlash(u.Path), "%s link", kind)
		_, err = os.Stat(filepath.FromSlash(u.Path))
		require.NoError(t, err, "%s link points to a file that exists", kind)
	}

	// The other statuses filter too, and the search box narrows within them.
	for _, f := range all {
		rp.Filter(f.Status)
		require.Equal(t, []reportpage.Flow{f}, rp.VisibleFlows(), "filter %s", f.Status)
	}
	rp.Filter("all")
	rp.Search("CHECK")
	require.Equal(t, []reportpage.Flow{{ID: "checkout", Status: "flaky"}}, rp.VisibleFlows())
	rp.Search("")
	require.Equal(t, all, rp.VisibleFlows())

	// A flaky flow shows its failed attempt's screenshot once expanded.
	rp.Expand("checkout")
	require.True(t, rp.ScreenshotShown("checkout"))
	// A passed flow has none.
	rp.Expand("login")
	require.False(t, rp.ScreenshotShown("login"))
}

func TestReportPageErrors(t *testing.T) {
	dir := t.TempDir()
	// A screenshot that sniffs as PNG but does not decode: embedded, never shown.
	broken := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
	index := reportFixture(t, dir, broken)
	tab := reportpage.LaunchTab(t, 10*time.Second)
	rp := reportpage.New(tab)
	rp.OpenFile(index)
	tab.SetDefaultTimeout(500 * time.Millisecond) // what must fail waits briefly

	rp.Expand("add favourite")
	require.False(t, rp.ScreenshotShown("add favourite"), "an image that does not decode is not shown")

	// A flow filtered out cannot be expanded; one not in the report is named.
	rp.Filter("failed")
	fails := func(fn func()) string {
		err := tab.Try(fn)
		require.Error(t, err)
		return err.Error()
	}
	require.Equal(t, `report: expected flow "login" to be visible, last seen hidden (polled 500ms)`, fails(func() { rp.Expand("login") }))
	require.Equal(t, `report: expected flow "no \"such\" flow" to be visible, last seen nothing matching (polled 500ms)`,
		fails(func() { rp.Expand(`no "such" flow`) }))
	require.Equal(t, `report: expected error of flow "login" to be visible, last seen nothing matching (polled 500ms)`,
		fails(func() { rp.Error("login") }))
	require.Equal(t, `report: "report-filter-nonsense" not found after 500ms`, fails(func() { rp.Filter("nonsense") }))
	require.Equal(t, `report: timeline of flow "admin" not found after 500ms`, fails(func() { rp.Timeline("admin") }))
}
