package e2e_test

import (
	"fmt"
	"net"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/bookshelf/e2e"
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
