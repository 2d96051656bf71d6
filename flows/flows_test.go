package flows_test

import (
	"testing"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/flows/flowtest"
)

// TestShopFlows runs every flow of the suite as a subtest, under go test's own T, in real
// Chromium against the real shop, configured like e2e run (E2E_HEADED=1 shows the browser).
func TestShopFlows(t *testing.T) {
	flowtest.Run(t, flows.ShopSuite())
}

// TestShopFaultFlows runs the fault flows: the favourites API failing, slow, and the browser
// offline, each virtualised by the flow itself.
func TestShopFaultFlows(t *testing.T) {
	flowtest.Run(t, flows.ShopFaultFlows())
}
