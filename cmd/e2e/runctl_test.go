package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStopAtTheFirstFailureThenRunOnlyIt is Playwright's loop: -x stops the run at the first
// failure (the flows after it did not run, and the summary says why), --last-failed then runs
// only the flow that failed, and once it passes --last-failed has nothing left to run.
func TestStopAtTheFirstFailureThenRunOnlyIt(t *testing.T) {
	c := newCLI(t)
	code := c.run("run", "-x", "--workers", "1", "--shop-fault", favouritesFault)
	out := c.out.String()
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", out, c.errb)
	require.Contains(t, out, "4 passed, 1 failed, 0 flaky, 0 skipped, 2 did not run")
	require.Contains(t, out, "\n  stopped after 1 failure (--max-failures 1)\n")
	b, err := os.ReadFile(filepath.Join(c.dir, "test-results", ".last-run.json"))
	require.NoError(t, err)
	var rec struct {
		Status      string   `json:"status"`
		FailedTests []string `json:"failedTests"`
	}
	require.NoError(t, json.Unmarshal(b, &rec))
	require.Equal(t, "failed", rec.Status)
	require.Equal(t, []string{"add favourite"}, rec.FailedTests)

	code = c.run("run", "--last-failed", "--workers", "1")
	out = c.out.String()
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, c.errb)
	require.Contains(t, out, "Running 1 flow using 1 worker")
	require.Regexp(t, `✓ +\[1/1\] add favourite`, out)

	code = c.run("run", "--last-failed")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Equal(t, "e2e: --last-failed: no flow failed in the last run: nothing to run", strings.TrimSpace(c.errb.String()))
	require.Empty(t, c.out.String(), "nothing ran")
}
