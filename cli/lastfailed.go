package cli

import (
	"fmt"
	"path/filepath"

	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/internal/runner"
)

// lastFailed returns the ids of the flows --last-failed runs, read from the record of the last
// run in the artifacts folder, as Playwright's: nil (every flow) when the option is off or no
// run left a record, which is said in note; an empty list when the last run had no failure.
func (p *program) lastFailed(cfg *config.Config) (ids []string, note string, err error) {
	if !cfg.Run.LastFailed {
		return nil, "", nil
	}
	rec, ok, err := runner.ReadLastRun(cfg.Artifacts.Dir)
	if err != nil {
		return nil, "", SetupError(fmt.Errorf("--last-failed: %w", err))
	}
	if !ok {
		return nil, fmt.Sprintf("--last-failed: no record of a last run in %s: running every flow", filepath.Join(cfg.Artifacts.Dir, runner.LastRunFile)), nil
	}
	if rec.FailedTests == nil {
		rec.FailedTests = []string{}
	}
	return rec.FailedTests, "", nil
}

// nothingFailed is the line of a --last-failed run with nothing to run: no flow failed in the
// last run (failed is 0), or none of those that did is in this run's selection.
func nothingFailed(failed int) string {
	if failed == 0 {
		return "--last-failed: no flow failed in the last run: nothing to run"
	}
	return fmt.Sprintf("--last-failed: none of the %d flows that failed in the last run is selected (--grep, --project, --shard): nothing to run", failed)
}
