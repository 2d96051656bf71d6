package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestHeadedShowsTheBrowserAndItsSteps runs a flow with --headed on a virtual display, pauses it
// with --pause-before to look at the screen, and checks the browser was a real, visible one.
func TestHeadedShowsTheBrowserAndItsSteps(t *testing.T) {
	display := testenv.StartXvfb(t)
	blank := testenv.GrabX(t, display)
	require.Equal(t, 1, blank.Colors(), "the display is blank before the run")

	c := newCLI(t, "DISPLAY="+display)
	stdin := c.pipeStdin()
	c.start("run", "--headed", "--grep", "^signup$", "--artifacts-mode", "on", "--reporter", "list,json",
		"--pause-before", `signup page: click "signup-submit"`)
	c.waitOutput(regexp.MustCompile(`Enter: go on`), 2*time.Minute)

	shot := testenv.GrabX(t, display)
	require.Greater(t, shot.Colors(), 20, "the display shows a browser window while the flow is paused")
	_, err := stdin.Write([]byte("\n"))
	require.NoError(t, err)
	require.Equal(t, 0, c.wait(), "stdout:\n%s\nstderr:\n%s", c.out, c.errb)

	out := c.out.String()
	require.Contains(t, out, `paused before step "signup page: click \"signup-submit\" and wait for the next page" of signup`)
	require.Regexp(t, `signup ▶ page: open /signup`, out, "steps show live as they start")
	require.Regexp(t, `signup ✓ page: open /signup \(\d+m?s\)`, out, "and as they end, with durations")

	rep, err := report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
	require.NoError(t, err)
	har, err := os.ReadFile(filepath.Join(c.dir, "test-results", rep.Flows[0].Attempts[0].Artifacts["har"]))
	require.NoError(t, err)
	require.Contains(t, string(har), `"User-Agent"`)
	require.NotContains(t, string(har), "HeadlessChrome", "a headed browser's user agent")
}

// TestDebugPausesAtTheFailureAndGoesOn runs a failing flow under --debug: the run stops at the
// failure with the browser open and goes on when a line arrives on standard input.
func TestDebugPausesAtTheFailureAndGoesOn(t *testing.T) {
	display := testenv.StartXvfb(t)
	c := newCLI(t, "DISPLAY="+display)
	stdin := c.pipeStdin()
	c.start("run", "--debug", "--grep", "^add favourite$", "--shop-fault", "PUT /api/favourites/*=500")
	c.waitOutput(regexp.MustCompile(`Enter: next flow, Ctrl-C: stop`), 3*time.Minute)

	out := c.out.String()
	require.Contains(t, out, "flow add favourite failed")
	require.Regexp(t, `step: +add it to favourites`, out)
	require.Regexp(t, `page: +http://127\.0\.0\.1:\d+/products/\d+`, out)
	require.Regexp(t, `artifacts: +test-results/add-favourite`, out)
	require.Greater(t, testenv.GrabX(t, display).Colors(), 20, "the browser stays open at the failing page")
	require.NotEmpty(t, chromiumOf(c.tmp), "Chromium is still running while paused")

	_, err := stdin.Write([]byte("\n"))
	require.NoError(t, err)
	require.Equal(t, 1, c.wait(), "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.out.String(), "1 failed")
}
