package browser

import (
	"os"
	"testing"
)

// TestMain stops what the remote-browser tests share across the test binary (the Selenium
// Grids, the rod-manager build) once every test ran. If the binary dies first, grid.sh's owner
// watch (GRID_OWNER_PID) stops the grids within a second.
func TestMain(m *testing.M) {
	code := m.Run()
	stopRemoteTestServices()
	os.Exit(code)
}

// stopRemoteTestServices stops the shared test grids and removes the shared build directory.
func stopRemoteTestServices() {
	stopTestGrids()
	if testManagerBin.dir != "" {
		_ = os.RemoveAll(testManagerBin.dir)
	}
}
