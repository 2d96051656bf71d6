package shopsuite_test

import (
	"testing"

	"github.com/e2e-dev/e2e/flows/flowtest"
	"github.com/e2e-dev/e2e/flows/shopsuite"
)

// TestFlows runs every flow of the shop suite as a subtest through the runner, in real Chromium
// against the built-in shop, configured like e2e run (E2E_WORKERS, E2E_RETRIES, E2E_HEADED=1...;
// go test -run 'TestFlows/login' runs one).
func TestFlows(t *testing.T) {
	flowtest.Run(t, shopsuite.Suite())
}

// TestSecurityFlows runs the shop's security flows against the real shop, where they pass
// (TestSecurityFlowsCatchTheirHole runs them against a shop with each hole).
func TestSecurityFlows(t *testing.T) {
	flowtest.Run(t, shopsuite.SecuritySuite())
}

// TestFaultFlows runs the fault flows: the favourites API failing, slow, and the browser
// offline, each virtualised by the flow itself.
func TestFaultFlows(t *testing.T) {
	flowtest.Run(t, shopsuite.FaultSuite())
}
