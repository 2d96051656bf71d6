package reportpage_test

import (
	"os"
	"testing"

	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestMain fails the run if a browser launched by these tests outlives them.
func TestMain(m *testing.M) {
	os.Exit(testenv.RunWithoutLeftovers(m, nil))
}
