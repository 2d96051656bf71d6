package steps_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/steps"
)

func TestCurrentIsTheInnermostRunningStep(t *testing.T) {
	l := steps.NewStepLog()
	require.Equal(t, -1, l.Current())
	var inner, outer int
	require.NoError(t, l.Do("outer", func() error {
		outer = l.Current()
		require.NoError(t, l.Do("first", func() error { return nil }))
		return l.Do("inner", func() error {
			inner = l.Current()
			return nil
		})
	}))
	require.Equal(t, 0, outer)
	require.Equal(t, 2, inner, "its index in Steps")
	require.Equal(t, "inner", l.Steps()[inner].Name)
	require.Equal(t, -1, l.Current())
	var nilLog *steps.StepLog
	require.Equal(t, -1, nilLog.Current())
}
