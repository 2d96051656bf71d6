package flowtest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
)

// TestSettleSkipsASkippedFlow: a flow reported skipped (Flow.Skip, Fixme, F.Skip) is a skipped
// subtest, with why.
func TestSettleSkipsASkippedFlow(t *testing.T) {
	var sub *testing.T
	t.Run("pay", func(st *testing.T) {
		sub = st
		settle(st, config.Default(), report.FlowReport{ID: "pay", Status: report.StatusSkipped,
			Annotations: []report.Annotation{{Type: report.AnnotationFixme, Description: "#123"}}})
	})
	require.True(t, sub.Skipped())
	require.False(t, sub.Failed())
}
