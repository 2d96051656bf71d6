package e2e_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/bookshelf/e2e"
	"github.com/e2e-dev/e2e/cli"
	"github.com/e2e-dev/e2e/flows/flowtest"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestFlowsOnPostgres runs the suite with two workers on a bookshelf whose database is a
// PostgreSQL server the test starts: the same flows, row checks and Eventually on the other
// driver.
func TestFlowsOnPostgres(t *testing.T) {
	t.Setenv("E2E_BOOKSHELF_DB", testenv.StartPostgres(t).DSN("app"))
	t.Setenv("E2E_RUN_WORKERS", "2")
	flowtest.Run(t, e2e.Suite())
}

// TestFlowsThroughSeleniumGrid runs the suite with two workers in browsers of a Selenium Grid 4
// (tools/grid/grid.sh standalone, two sessions) the test starts on loopback.
func TestFlowsThroughSeleniumGrid(t *testing.T) {
	g := testenv.NewGrid(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	g.Run("standalone", strconv.Itoa(port), "2")

	t.Setenv("E2E_BROWSER_REMOTE_KIND", "selenium")
	t.Setenv("E2E_BROWSER_REMOTE_URL", fmt.Sprintf("http://127.0.0.1:%d", port))
	t.Setenv("E2E_RUN_WORKERS", "2")
	flowtest.Run(t, e2e.Suite())
}

// TestAPIFlowsStartNoBrowser runs the suite's API-only flows through its command with a browser
// binary that records each time it is run, and fails: the run passes and never ran it.
func TestAPIFlowsStartNoBrowser(t *testing.T) {
	var out bytes.Buffer
	spy := testenv.NewSpyBrowser(t)
	code := cli.Run(e2e.Suite(), []string{"run", "--grep", "^api:", "--browser-bin", spy.Bin,
		"--artifacts-dir", t.TempDir(), "-j", "2", "--reporter", "list"}, bytes.NewReader(nil), &out, io.Discard)
	require.Equal(t, 0, code, "output:\n%s", out.String())
	require.Contains(t, out.String(), "[mobile] api: a friend reads my shelf only while I share it")
	require.Contains(t, out.String(), "4 passed")
	started, args := spy.Started()
	require.False(t, started, "the api flows started a browser process: %s", args)
}

// TestNewFlowsOnTheMobileProject runs issue 33's flows (tabs, users, dialogs, downloads, uploads,
// the phone's menu, the API alone) through the suite's command with --project mobile and two
// workers: each runs once, on the phone only, and passes.
func TestNewFlowsOnTheMobileProject(t *testing.T) {
	var out bytes.Buffer
	code := cli.Run(e2e.Suite(), []string{"run", "--project", "mobile", "-j", "2", "--reporter", "list", "--artifacts-dir", t.TempDir(),
		"--grep", "export|upload|confirm|open in new tab|share|mobile layout|^api:"}, bytes.NewReader(nil), &out, io.Discard)
	require.Equal(t, 0, code, "output:\n%s", out.String())
	require.Contains(t, out.String(), "Running 8 flows using 2 workers")
	require.Contains(t, out.String(), "8 passed")
	require.Contains(t, out.String(), "[mobile] mobile layout: a menu button opens the navigation")
	require.NotContains(t, out.String(), "[desktop]")
}
