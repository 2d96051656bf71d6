package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// The shop's visual flows: a first run writes the missing baselines and fails saying so;
// --update-snapshots all writes them and passes; a run against them passes; with hole:layout
// the catalogue fails, its expected, actual and diff images in the artifacts and the report,
// which shows them in Chromium.
func TestVisualFlowsOnTheShop(t *testing.T) {
	c := newCLI(t)
	dir := c.dir
	again := func() *proc { p := newCLI(t); p.dir = dir; return p }
	snaps := filepath.Join(dir, "snapshots", "shop")
	card := filepath.Join(snaps, "visual-catalogue", "first-card-"+runtime.GOOS+".png")

	code := c.run("run", "--grep", "@visual", "--workers", "2")
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.out.String(), `screenshot "first card": no baseline at snapshots/shop/visual-catalogue/first-card-`+runtime.GOOS+`.png: wrote the screenshot there`)
	require.FileExists(t, card)

	c = again()
	code = c.run("run", "--grep", "@visual", "--update-snapshots", "all", "--workers", "2")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.out.String(), "2 passed")
	for _, f := range []string{
		"visual-catalogue/first-card-" + runtime.GOOS + ".png", "visual-catalogue/catalogue-" + runtime.GOOS + ".png",
		"visual-product-page/product-" + runtime.GOOS + ".png", "visual-product-page/product-" + runtime.GOOS + ".aria.yml",
	} {
		require.FileExists(t, filepath.Join(snaps, filepath.FromSlash(f)))
	}
	aria, err := os.ReadFile(filepath.Join(snaps, "visual-product-page", "product-"+runtime.GOOS+".aria.yml"))
	require.NoError(t, err)
	require.Contains(t, string(aria), "- main:\n  - article:\n    - heading ")

	c = again()
	code = c.run("run", "--grep", "@visual", "--workers", "2")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)

	c = again()
	code = c.run("run", "--grep", "@visual", "--workers", "2", "--shop-fault", "hole:layout", "--reporter", "list,json,html")
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.out.String(), `catalog: screenshot "first card": the screenshot differs from snapshots/shop/visual-catalogue/first-card-`+runtime.GOOS+`.png: `)
	rep, err := report.ReadRunReport(filepath.Join(dir, "test-results", "report.json"))
	require.NoError(t, err)
	statuses := map[string]report.Status{}
	var diffs []report.ImageDiff
	for _, f := range rep.Flows {
		statuses[f.Name] = f.Status
		if f.Name == "visual: catalogue" {
			diffs = f.Attempts[len(f.Attempts)-1].ImageDiffs
		}
	}
	require.Equal(t, map[string]report.Status{"visual: catalogue": report.StatusFailed, "visual: product page": report.StatusPassed}, statuses)
	require.Len(t, diffs, 1, "the first failure ends the flow")
	require.Equal(t, "first card", diffs[0].Name)
	for _, p := range []string{diffs[0].Expected, diffs[0].Actual, diffs[0].Diff} {
		require.True(t, strings.HasSuffix(p, ".png"), p)
		require.FileExists(t, filepath.Join(dir, "test-results", filepath.FromSlash(p)))
	}
	html, err := os.ReadFile(filepath.Join(dir, "test-results", "index.html"))
	require.NoError(t, err)
	require.Contains(t, string(html), `data-testid="report-imagediff-diff" src="data:image/png;base64,`)

	// The report, in Chromium: the three images side by side; the slider shows one or the other.
	rp := openReport(t, filepath.Join(dir, "test-results", "index.html"))
	rp.Expand("visual: catalogue")
	shown := rp.ImageDiffs("visual: catalogue")
	require.Len(t, shown, 1)
	require.True(t, shown[0].Expected && shown[0].Actual && shown[0].Diff, "%+v", shown[0])
	rp.Slide("visual: catalogue", "first card", "End")
	require.Equal(t, "Actual", rp.ShownAt("visual: catalogue", "first card", 0.5).Image)
	rp.Slide("visual: catalogue", "first card", "Home")
	require.Equal(t, "Expected", rp.ShownAt("visual: catalogue", "first card", 0.5).Image)

	// A run's tolerance, from the environment as from e2e.yaml, lets the moved price pass.
	c = newCLI(t, "E2E_SNAPSHOTS_MAX_DIFF_PIXEL_RATIO=0.5")
	c.dir = dir
	code = c.run("run", "--grep", "@visual", "--workers", "2", "--shop-fault", "hole:layout")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
}

// Through a Selenium Grid the screenshots and axe's results come from the grid's browser: the
// visual flows write their baselines there and then fail on hole:layout with a diff, and the a11y
// audit fails on hole:a11y.
func TestVisualAndA11yThroughSeleniumGrid(t *testing.T) {
	g := startGrid(t, 1)
	grid := []string{"--remote-kind", "selenium", "--remote-url", g.hub, "--workers", "1"}
	c := newCLI(t)
	dir := c.dir
	code := c.run(append([]string{"run", "--grep", "@visual", "--update-snapshots", "all"}, grid...)...)
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.FileExists(t, filepath.Join(dir, "snapshots", "shop", "visual-catalogue", "first-card-"+runtime.GOOS+".png"))

	c = newCLI(t)
	c.dir = dir
	code = c.run(append([]string{"run", "--grep", "@visual", "--shop-fault", "hole:layout", "--reporter", "list,json"}, grid...)...)
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.out.String(), `catalog: screenshot "first card": the screenshot differs from`)
	rep, err := report.ReadRunReport(filepath.Join(dir, "test-results", "report.json"))
	require.NoError(t, err)
	var diffs []report.ImageDiff
	for _, f := range rep.Flows {
		if f.Name == "visual: catalogue" {
			diffs = f.Attempts[len(f.Attempts)-1].ImageDiffs
		}
	}
	require.Len(t, diffs, 1, "the catalogue's failed attempt holds its diff")
	require.FileExists(t, filepath.Join(dir, "test-results", filepath.FromSlash(diffs[0].Diff)))

	c = newCLI(t)
	code = c.run(append([]string{"run", "--grep", "^login$", "--audit-a11y", "fail", "--shop-fault", "hole:a11y", "--reporter", "list,json"}, grid...)...)
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	rep, err = report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
	require.NoError(t, err)
	require.Equal(t, []string{"a11y.color-contrast", "a11y.image-alt", "a11y.label"}, a11yRules(rep))
	require.Zero(t, gridSessions(t, g.hub), "no session is left open on the grid")
}
