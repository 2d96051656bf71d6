package report_test

import (
	"encoding/base64"
	stdhtml "html"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// reportWriteHTML writes r's index.html into dir and returns it.
func reportWriteHTML(t *testing.T, dir string, r *report.RunReport) string {
	t.Helper()
	require.NoError(t, report.NewHTMLReporter(filepath.Join(dir, "index.html")).RunEnded(r))
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	require.NoError(t, err)
	return string(b)
}

func TestHTMLReporterSelfContained(t *testing.T) {
	dir := t.TempDir()
	r := reportShard1(t, dir)
	html := reportWriteHTML(t, dir, r)

	// Nothing is fetched: no src or href to another origin, no stylesheet or script files.
	for _, re := range []string{
		`(?i)\s(src|href)="(https?:)?//`, `(?i)<link\b`, `(?i)<script[^>]+src=`, `(?i)url\(`, `(?i)@import`,
	} {
		require.NotRegexp(t, regexp.MustCompile(re), html)
	}
	require.Contains(t, html, `<meta http-equiv="Content-Security-Policy" content="default-src 'none';`)
	require.Contains(t, html, "<style>")
	require.Contains(t, html, "report-filter-failed")

	// User text is escaped, in text and in attributes.
	require.NotContains(t, html, "<b>boots</b>")
	require.NotContains(t, html, "<script>alert(1)")
	require.Contains(t, html, `search &#34;shoes&#34; &amp; &lt;b&gt;boots&lt;/b&gt;`)
	require.Equal(t, 1, strings.Count(html, "<script>"), "only the report's own script")

	// The failure screenshots are inline, each its own.
	shot, err := os.ReadFile(filepath.Join(dir, "add-favourite-retry1", "screenshot.png"))
	require.NoError(t, err)
	require.Contains(t, stdhtml.UnescapeString(html), `src="data:image/png;base64,`+base64.StdEncoding.EncodeToString(shot)+`"`)
	require.Equal(t, 2, strings.Count(html, `data-testid="report-screenshot"`))

	// Links are relative to the report.
	require.Contains(t, html, `data-kind="har" href="./add-favourite/network.har"`)
	require.Contains(t, html, `data-flow-id="add favourite" data-status="failed"`)
	require.Contains(t, html, `data-testid="report-total">3<`)
}

func TestHTMLReporterScreenshotNotEmbedded(t *testing.T) {
	dir := t.TempDir()
	r := reportShard1(t, dir)
	attempts := r.Flows[1].Attempts

	// Too large: linked, not embedded.
	big := append(reportPNG(t, 2, 2, color.Black), make([]byte, report.MaxEmbeddedScreenshot)...)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "add-favourite", "screenshot.png"), big, 0o644))
	// Missing.
	require.NoError(t, os.Remove(filepath.Join(dir, "add-favourite-retry1", "screenshot.png")))
	html := reportWriteHTML(t, dir, r)
	require.NotContains(t, html, "data:image/png")
	require.Contains(t, html, "screenshot add-favourite/screenshot.png is larger than 5 MB: open it from the link")
	require.Contains(t, html, "screenshot add-favourite-retry1/screenshot.png could not be read")
	require.Contains(t, html, `data-kind="screenshot" href="./add-favourite/screenshot.png"`)

	// Not an image.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "add-favourite", "screenshot.png"), []byte("<html>"), 0o644))
	attempts[1].Artifacts = nil
	html = reportWriteHTML(t, dir, r)
	require.Contains(t, html, "is not an image (text/html; charset=utf-8)")
}

func TestHTMLReporterEscapesPaths(t *testing.T) {
	dir := t.TempDir()
	arts := reportAttemptFiles(t, dir, "a b#1?x", "odd", color.White)
	r := &report.RunReport{Status: report.StatusFailed, Flows: []report.FlowReport{{
		ID: "odd", Status: report.StatusFailed, Attempts: []report.AttemptReport{{
			Status: report.StatusFailed, Failure: &report.Failure{Message: "x"}, Dir: "a b#1?x", Artifacts: arts,
		}},
	}}}
	html := reportWriteHTML(t, dir, r)
	require.Contains(t, html, `href="./a%20b%231%3Fx/network.har"`)
	require.Contains(t, html, `data:image/png;base64,`)
}

func TestHTMLReporterErrors(t *testing.T) {
	require.Error(t, report.NewHTMLReporter(filepath.Join(t.TempDir(), "index.html")).RunEnded(nil))
}
