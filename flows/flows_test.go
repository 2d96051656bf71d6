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
