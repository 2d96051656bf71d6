package appserver

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/steps"
)

// SetupID is the id of the pseudo-flow the reports show the app's setup under, and the
// folder of its steps.log.
const SetupID = "setup"

// setupLog records the setup's steps: servers started or reused, seed and reset steps.
type setupLog struct {
	steps   *steps.StepLog
	started time.Time
	dir     string // the artifacts folder
	redact  func(string) string

	mu     sync.Mutex
	logs   []Log
	failed error
}

func newSetupLog(dir string, redact func(string) string) *setupLog {
	if redact == nil {
		redact = func(s string) string { return s }
	}
	return &setupLog{steps: steps.NewStepLog(), started: time.Now(), dir: dir, redact: redact}
}

// Do records fn as a step.
func (l *setupLog) Do(name string, fn func() error) error {
	err := l.steps.Do(name, fn)
	if err != nil {
		l.mu.Lock()
		l.failed = err
		l.mu.Unlock()
	}
	return err
}

// report writes setup/steps.log and returns the pseudo-flow: passed, or failed with the step
// that failed; the server logs are its artifacts ("server <name>").
func (l *setupLog) report() report.FlowReport {
	l.mu.Lock()
	defer l.mu.Unlock()
	steps := l.steps.Steps()
	var dur time.Duration
	for _, s := range steps {
		dur = max(dur, s.Start.Add(s.Duration).Sub(l.started))
	}
	a := report.AttemptReport{
		Status: report.StatusPassed, Started: l.started, DurationMS: dur.Milliseconds(),
		Steps: report.StepReports(steps, l.started), Artifacts: map[string]string{},
	}
	for i := range a.Steps {
		a.Steps[i].Name, a.Steps[i].Error = l.redact(a.Steps[i].Name), l.redact(a.Steps[i].Error)
	}
	var text bytes.Buffer
	_ = l.steps.WriteText(&text, l.started)
	rel := SetupID + "/" + report.ArtifactFiles[report.ArtifactSteps]
	if err := os.MkdirAll(filepath.Join(l.dir, SetupID), 0o755); err == nil &&
		os.WriteFile(filepath.Join(l.dir, filepath.FromSlash(rel)), []byte(l.redact(text.String())), 0o644) == nil {
		a.Dir, a.Artifacts[report.ArtifactSteps] = SetupID, rel
	}
	for _, lg := range l.logs {
		if r, err := filepath.Rel(l.dir, lg.Path); err == nil && !strings.HasPrefix(r, "..") {
			a.Artifacts["server "+lg.Name] = filepath.ToSlash(r)
		}
	}
	f := report.FlowReport{ID: SetupID, Name: SetupID, Status: report.StatusPassed, DurationMS: a.DurationMS, Setup: true}
	if l.failed != nil {
		msg := strings.SplitN(l.failed.Error(), "\n", 2)[0]
		step := l.failedStep(steps)
		if step != "" {
			msg = step + ": " + msg // which step, as the one line of the run says
		}
		msg = l.redact(msg)
		a.Status, f.Status, f.Error = report.StatusFailed, report.StatusFailed, msg
		a.Failure = &report.Failure{Message: msg, Step: l.redact(step), Details: l.redact(l.failed.Error())}
	}
	f.Attempts = []report.AttemptReport{a}
	return f
}

// failedStep is the name of the last step that failed.
func (l *setupLog) failedStep(steps []steps.Step) string {
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].Err != nil {
			return steps[i].Name
		}
	}
	return ""
}
