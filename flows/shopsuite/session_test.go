package shopsuite_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/flows/shopsuite"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
)

// TestShopFlowsReusingSessions runs the suite twice over on two workers with profile and the
// favourite flows starting from each worker's saved session: they pass without signing up or
// in, their steps say where they started from, and no artifact holds the saved state.
func TestShopFlowsReusingSessions(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the run keeps its saved states, removed at its end
	srv := fixture.NewTestShop(t)
	db, err := backend.OpenDB(backend.DriverSQLite, srv.Shop().DBPath())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	rep, dir := runShop(t, shopsuite.SuiteReusingSessions(), srv, db, func(o *runner.Options) {
		o.RepeatEach, o.ArtifactsMode = 2, artifacts.ModeOn
	})
	require.Len(t, rep.Flows, 14)
	for _, f := range rep.Flows {
		if f.Status != report.StatusPassed {
			b, _ := os.ReadFile(filepath.Join(dir, f.Attempts[0].Artifacts[report.ArtifactSteps]))
			t.Logf("%s: %s\n%s", f.ID, f.Error, b)
		}
	}
	reused := 0
	for _, f := range rep.Flows {
		require.Equal(t, report.StatusPassed, f.Status, "%s: %s", f.ID, f.Error)
		b, err := os.ReadFile(filepath.Join(dir, f.Attempts[0].Artifacts[report.ArtifactSteps]))
		require.NoError(t, err)
		steps := string(b)
		switch {
		case strings.HasPrefix(f.ID, "profile") || strings.Contains(f.ID, "favourite"):
			reused++
			require.Regexp(t, `ok +start signed in as shop user \(the state saved: \d cookies, 1 origins\)`, steps, f.ID)
			require.NotContains(t, steps, "sign up a new user", f.ID)
		default:
			require.NotContains(t, steps, "session:", "%s signs in itself", f.ID)
		}
	}
	require.Equal(t, 6, reused)
	leftovers, err := filepath.Glob(filepath.Join(tmp, "e2e-sessions-*"))
	require.NoError(t, err)
	require.Empty(t, leftovers, "the saved states are removed when the run ends")
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		require.NotContains(t, d.Name(), "shop user", "no saved state among the artifacts")
		return nil
	}))
}
