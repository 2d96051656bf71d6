package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRunControlKeys: --max-failures, -x (one failure), --global-timeout and --last-failed set
// their run.* keys, as the file and the environment do; a negative limit is refused, naming the
// key.
func TestRunControlKeys(t *testing.T) {
	c := mustLoad(t, "", nil, "--max-failures=3", "--global-timeout=30m", "--last-failed")
	require.Equal(t, 3, c.Run.MaxFailures)
	require.Equal(t, 30*time.Minute, c.Run.GlobalTimeout)
	require.True(t, c.Run.LastFailed)

	require.Equal(t, 1, mustLoad(t, "", nil, "-x").Run.MaxFailures)
	require.Equal(t, 1, mustLoad(t, "run:\n  max_failures: 5\n", nil, "-x").Run.MaxFailures, "-x beats the file")
	require.Equal(t, 5, mustLoad(t, "run:\n  max_failures: 5\n", nil, "-x=false").Run.MaxFailures)
	require.Equal(t, 0, mustLoad(t, "", nil).Run.MaxFailures)

	c = mustLoad(t, "", []string{"E2E_RUN_MAX_FAILURES=2", "E2E_RUN_GLOBAL_TIMEOUT=90s", "E2E_RUN_LAST_FAILED=true"})
	require.Equal(t, 2, c.Run.MaxFailures)
	require.Equal(t, 90*time.Second, c.Run.GlobalTimeout)
	require.True(t, c.Run.LastFailed)

	require.Equal(t, "run.max_failures", loadErr(t, "", nil, "--max-failures=-1").Key)
	require.Equal(t, "run.global_timeout", loadErr(t, "", nil, "--global-timeout=-1s").Key)
}
