package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/e2e-dev/e2e/artifacts"
)

// NewJSONReporter returns the reporter that writes the run report to path (report.json) as
// indented JSON at the end of the run. The file is replaced atomically: readers see the old
// report or the new one, never a part.
func NewJSONReporter(path string) Reporter { return &jsonReporter{path: path} }

// jsonReporter writes report.json.
type jsonReporter struct{ path string }

// RunStarted does nothing: the file is written at the end.
func (j *jsonReporter) RunStarted(int, int) {}

// FlowStarted does nothing.
func (j *jsonReporter) FlowStarted(string) {}

// FlowEnded does nothing.
func (j *jsonReporter) FlowEnded(FlowReport, int, int) {}

// RunEnded writes r to the reporter's path.
func (j *jsonReporter) RunEnded(r *RunReport) error {
	if r == nil {
		return fmt.Errorf("json report %s: no run report", j.path)
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("json report %s: %w", j.path, err)
	}
	if err := artifacts.WriteFileAtomic(j.path, append(b, '\n')); err != nil {
		return fmt.Errorf("json report: %w", err)
	}
	return nil
}

// ReadRunReport reads a report.json written by the JSON reporter.
func ReadRunReport(path string) (*RunReport, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read run report: %w", err)
	}
	var r RunReport
	if err := json.Unmarshal(b, &r); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("read run report %s: not JSON at byte %d: %w", path, se.Offset, err)
		}
		return nil, fmt.Errorf("read run report %s: %w", path, err)
	}
	if r.Status == "" && r.Flows == nil && r.Started.IsZero() {
		return nil, fmt.Errorf("read run report %s: not an e2e run report (no status, start or flows)", path)
	}
	return &r, nil
}
