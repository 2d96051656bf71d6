package report_test

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

func init() {
	// Registered only when no other test file of the package did, so that both can use it.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata/")
	}
}

// reportUpdating reports whether the test run was asked to rewrite golden files (-update).
func reportUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// reportT0 is the fixtures' run start.
var reportT0 = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

// reportPNG returns a w×h PNG of one colour.
func reportPNG(t *testing.T, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

// reportAttemptFiles writes every artifact of a failed attempt into dir/rel and returns the
// artifacts map; the screenshot is a 40×30 PNG of colour c, the other files name marker.
func reportAttemptFiles(t *testing.T, dir, rel, marker string, c color.Color) map[string]string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, rel), 0o755))
	arts := map[string]string{}
	for kind, name := range report.ArtifactFiles {
		data := []byte(kind + " of " + marker + "\n")
		if kind == report.ArtifactScreenshot {
			data = reportPNG(t, 40, 30, c)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, rel, name), data, 0o644))
		arts[kind] = rel + "/" + name
	}
	return arts
}

// reportFailure is the failure of the fixtures' failed attempts.
func reportFailure(msg string) *report.Failure {
	return &report.Failure{
		Message: msg,
		Step:    `add favourite > favourites page: wait for "fav-count" to read "3"`,
		Details: msg + "\n\nflows/shop_favourites.go:42\n\tfavourites count after adding",
	}
}

// reportSteps are a failed attempt's steps.
func reportSteps(failed bool) []report.StepReport {
	last := report.StepReport{Name: `favourites page: wait for "fav-count" to read "3"`, Depth: 1, StartMS: 900, DurationMS: 2000, Status: "ok"}
	top := report.StepReport{Name: "add favourite", Depth: 0, StartMS: 0, DurationMS: 2900, Status: "ok"}
	if failed {
		last.Status, last.Error = "FAIL", `"fav-count" still reads "2", want "3" after 2s`
		top.Status, top.Error = "FAIL", last.Error
	}
	return []report.StepReport{
		top,
		{Name: "login page: open /login", Depth: 1, StartMS: 5, DurationMS: 300, Status: "ok"},
		{Name: `catalog page: click "fav-add"`, Depth: 1, StartMS: 400, DurationMS: 480, Status: "ok"},
		last,
	}
}

// reportShard1 is shard 1/2 of the fixture suite, its artifact files written under dir: a passed
// flow, a flow that failed twice (two attempt folders) and one whose id needs escaping.
func reportShard1(t *testing.T, dir string) *report.RunReport {
	t.Helper()
	a0 := reportAttemptFiles(t, dir, "add-favourite", "shard1 add favourite retry0", color.RGBA{200, 0, 0, 255})
	a1 := reportAttemptFiles(t, dir, "add-favourite-retry1", "shard1 add favourite retry1", color.RGBA{0, 0, 200, 255})
	msg := `favourites page: "fav-count" still reads "2", want "3" after 2s`
	r := &report.RunReport{
		Started: reportT0, DurationMS: 12_300, Status: report.StatusFailed, Workers: 2,
		Shard: "1/2", BaseURL: "http://127.0.0.1:8080",
		Flows: []report.FlowReport{
			{ID: "login", Name: "login", Status: report.StatusPassed, DurationMS: 1200, Attempts: []report.AttemptReport{
				{Retry: 0, Status: report.StatusPassed, Started: reportT0, DurationMS: 1200, Worker: 0, Steps: reportSteps(false)},
			}},
			{ID: "add favourite", Name: "add favourite", Status: report.StatusFailed, DurationMS: 6200, Error: msg, Attempts: []report.AttemptReport{
				{Retry: 0, Status: report.StatusFailed, Started: reportT0, DurationMS: 3100, Worker: 1,
					Failure: reportFailure(msg), Steps: reportSteps(true), Dir: "add-favourite", Artifacts: a0},
				{Retry: 1, Status: report.StatusFailed, Started: reportT0.Add(4 * time.Second), DurationMS: 3100, Worker: 1,
					Failure: reportFailure(msg), Steps: reportSteps(true), Dir: "add-favourite-retry1", Artifacts: a1},
			}},
			{ID: `search "shoes" & <b>boots</b>`, Name: `search "shoes" & <b>boots</b>`, Status: report.StatusPassed, DurationMS: 800, Attempts: []report.AttemptReport{
				{Retry: 0, Status: report.StatusPassed, Started: reportT0, DurationMS: 800, Worker: 0,
					Steps: []report.StepReport{{Name: `catalog page: fill "q" with "<script>alert(1)</script>"`, Status: "ok", DurationMS: 50}}},
			}},
		},
	}
	for _, f := range r.Flows {
		r.Totals.Add(f.Status)
	}
	return r
}

// reportShard2 is shard 2/2: a flaky flow, an interrupted one, a skipped one, and a failed flow
// whose attempt folder has the same name as one of shard 1's.
func reportShard2(t *testing.T, dir string) *report.RunReport {
	t.Helper()
	flaky := reportAttemptFiles(t, dir, "checkout", "shard2 checkout retry0", color.RGBA{0, 160, 0, 255})
	clash := reportAttemptFiles(t, dir, "add-favourite", "shard2 Add favourite!", color.RGBA{160, 160, 0, 255})
	msg := `checkout page: "order-total" not visible after 10s`
	r := &report.RunReport{
		Started: reportT0.Add(2 * time.Second), DurationMS: 15_000, Status: report.StatusFailed, Workers: 3,
		Shard: "2/2", BaseURL: "http://127.0.0.1:8080",
		Flows: []report.FlowReport{
			{ID: "checkout", Name: "checkout", Status: report.StatusFlaky, DurationMS: 12_000, Error: msg, Attempts: []report.AttemptReport{
				{Retry: 0, Status: report.StatusFailed, Started: reportT0.Add(2 * time.Second), DurationMS: 10_500, Worker: 2,
					Failure: &report.Failure{Message: msg, Step: `checkout page: read "order-total"`}, Steps: reportSteps(true),
					Dir: "checkout", Artifacts: flaky},
				{Retry: 1, Status: report.StatusPassed, Started: reportT0.Add(13 * time.Second), DurationMS: 1500, Worker: 2, Steps: reportSteps(false)},
			}},
			{ID: "Add favourite!", Name: "Add favourite!", Status: report.StatusFailed, DurationMS: 3000, Error: "expected 1 favourite, found 0", Attempts: []report.AttemptReport{
				{Retry: 0, Status: report.StatusFailed, Started: reportT0.Add(3 * time.Second), DurationMS: 3000, Worker: 0,
					Failure: &report.Failure{Message: "expected 1 favourite, found 0"}, Dir: "add-favourite", Artifacts: clash},
			}},
			{ID: "profile", Name: "profile", Status: report.StatusInterrupted, DurationMS: 2000, Attempts: []report.AttemptReport{
				{Retry: 0, Status: report.StatusInterrupted, Started: reportT0.Add(14 * time.Second), DurationMS: 2000, Worker: 1,
					Failure: &report.Failure{Message: "interrupted", Step: `profile page: click "save"`}},
			}},
			{ID: "admin", Name: "admin", Status: report.StatusSkipped},
		},
	}
	for _, f := range r.Flows {
		r.Totals.Add(f.Status)
	}
	return r
}
