package runner

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
)

// LastRunFile is the record of the last run that the artifacts folder keeps from one run to the
// next, as Playwright's test-results/.last-run.json: written at every run's end, read by
// --last-failed.
const LastRunFile = ".last-run.json"

// LastRun is what LastRunFile holds, in Playwright's shape.
type LastRun struct {
	// Status is the run's: passed, failed, interrupted, or timedout at the global timeout.
	Status string `json:"status"`
	// FailedTests are the ids of the flows that failed for good (not the flaky ones), as the
	// reports name them: with their project and repetition, "[mobile] login#1".
	FailedTests []string `json:"failedTests"`
}

// ReadLastRun reads the record of the last run in the artifacts folder dir; ok is false when
// there is none. A record that cannot be read is an error naming the file.
func ReadLastRun(dir string) (rec LastRun, ok bool, err error) {
	path := filepath.Join(dir, LastRunFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return LastRun{}, false, nil
	}
	if err != nil {
		return LastRun{}, false, fmt.Errorf("%s: %w", path, err)
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return LastRun{}, false, fmt.Errorf("%s: not a record of a run (%w): delete it and run again", path, err)
	}
	return rec, true, nil
}

// saveLastRun records the run's status and its failed flows for the next --last-failed;
// timedOut says the run ended at its global timeout. Trouble writing it is said through warn.
func (o *output) saveLastRun(r *report.RunReport, timedOut bool, warn func(string)) {
	rec := LastRun{Status: string(r.Status), FailedTests: []string{}}
	if timedOut {
		rec.Status = "timedout"
	}
	for _, f := range r.Flows {
		if !f.Setup && f.Status == report.StatusFailed {
			rec.FailedTests = append(rec.FailedTests, f.ID)
		}
	}
	b, err := json.MarshalIndent(rec, "", "  ")
	if err == nil {
		err = artifacts.WriteFileAtomic(filepath.Join(o.dir, LastRunFile), append(b, '\n'))
	}
	if err != nil {
		warn(oneLine(fmt.Errorf("record of the run for --last-failed: %w: free some space or choose another artifacts.dir", err)))
	}
}
