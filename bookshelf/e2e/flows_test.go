package e2e_test

import (
	"os"
	"testing"

	"github.com/e2e-dev/e2e/bookshelf/e2e"
	"github.com/e2e-dev/e2e/flows/flowtest"
)

// TestFlows runs the suite through go test on the built-in bookshelf and SQLite, with two
// workers unless E2E_WORKERS says otherwise (go test -run 'TestFlows/login' runs one flow).
func TestFlows(t *testing.T) {
	if os.Getenv("E2E_RUN_WORKERS") == "" && os.Getenv("E2E_WORKERS") == "" {
		t.Setenv("E2E_RUN_WORKERS", "2")
	}
	flowtest.Run(t, e2e.Suite())
}
