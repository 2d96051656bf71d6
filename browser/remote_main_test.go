package browser

import (
	"os"
	"testing"

	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestMain stops what the remote-browser tests share across the test binary (the Selenium
// Grids, the rod-manager build) once every test ran. If the binary dies first, grid.sh's owner
// watch (GRID_OWNER_PID) stops the grids within a second. The run fails if a browser launched
// by these tests outlives them.
func TestMain(m *testing.M) {
	os.Exit(testenv.RunWithoutLeftovers(m, stopRemoteTestServices))
}

// stopRemoteTestServices stops the shared test grids and removes the shared build directory.
func stopRemoteTestServices() {
	stopTestGrids()
	if testManagerBin.dir != "" {
		_ = os.RemoveAll(testManagerBin.dir)
	}
}
