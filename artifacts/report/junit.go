package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/artifacts"
)

// JUnit names of the run's suite and of its test cases' class.
const (
	junitSuiteName = "e2e"
	junitClassname = "e2e.flows"
	junitFailType  = "AssertionError"
	junitMaxMsg    = 500 // runes of a message attribute
)

// NewJUnitReporter returns the reporter that writes junit.xml to path at the end of the run:
// one <testsuite name="e2e"> with a <testcase classname="e2e.flows"> per flow. A failed flow has
// a <failure> (and a <rerunFailure> per earlier failed attempt), an interrupted one an <error>
// (and a <rerunFailure> per attempt that failed before), a skipped one <skipped/>, and a flaky
// one passes with a <flakyFailure> per failed attempt.
// Artifact files are listed in <system-out> as [[ATTACHMENT|path]] lines (the Jenkins and
// GitLab convention), with paths relative to the current folder when path is.
func NewJUnitReporter(path string) Reporter { return &junitReporter{path: path} }

// junitReporter writes junit.xml.
type junitReporter struct{ path string }

// RunStarted does nothing: the file is written at the end.
func (j *junitReporter) RunStarted(int, int) {}

// FlowStarted does nothing.
func (j *junitReporter) FlowStarted(string) {}

// FlowEnded does nothing.
func (j *junitReporter) FlowEnded(FlowReport, int, int) {}

// RunEnded writes junit.xml.
func (j *junitReporter) RunEnded(r *RunReport) error {
	if r == nil {
		return fmt.Errorf("junit report %s: no run report", j.path)
	}
	doc := junitDocument(r, filepath.Dir(j.path))
	err := artifacts.WriteFileAtomicFunc(j.path, func(w io.Writer) error {
		if _, err := io.WriteString(w, xml.Header); err != nil {
			return err
		}
		enc := xml.NewEncoder(w)
		enc.Indent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return err
		}
		_, err := io.WriteString(w, "\n")
		return err
	})
	if err != nil {
		return fmt.Errorf("junit report: %w", err)
	}
	return nil
}

// junitDocument converts r; dir is the folder of junit.xml, which artifact paths are joined to.
func junitDocument(r *RunReport, dir string) junitSuites {
	var t Totals
	for _, f := range r.Flows {
		t.Add(f.Status)
	}
	suite := junitSuite{
		Name: junitSuiteName, Tests: t.Total, Failures: t.Failed, Errors: t.Interrupted,
		Skipped: t.Skipped, Time: reportSeconds(r.DurationMS),
	}
	if !r.Started.IsZero() {
		suite.Timestamp = r.Started.UTC().Format(time.RFC3339)
	}
	if h, err := os.Hostname(); err == nil {
		suite.Hostname = h
	}
	props := []junitProperty{
		{"status", string(r.Status)}, {"workers", fmt.Sprint(r.Workers)},
		{"flaky", fmt.Sprint(t.Flaky)},
	}
	if r.BaseURL != "" {
		props = append(props, junitProperty{"base_url", r.BaseURL})
	}
	if r.Shard != "" {
		props = append(props, junitProperty{"shard", r.Shard})
	}
	suite.Properties = &junitProperties{Props: props}
	for _, f := range r.Flows {
		suite.Cases = append(suite.Cases, junitTestCase(f, dir))
	}
	return junitSuites{
		Name: junitSuiteName, Tests: t.Total, Failures: t.Failed, Errors: t.Interrupted,
		Time: reportSeconds(r.DurationMS), Suites: []junitSuite{suite},
	}
}

// junitTestCase converts one flow.
func junitTestCase(f FlowReport, dir string) junitCase {
	c := junitCase{Name: f.ID, Classname: junitClassname, Time: reportSeconds(f.DurationMS)}
	if f.Project != "" { // CI servers group a project's cases under its class
		c.Classname += "." + f.Project
	}
	failed := reportFailedAttempts(f)
	var out strings.Builder
	switch f.Status {
	case StatusFailed:
		last, earlier := junitSplitLast(failed)
		msg := f.Error
		if last != nil {
			msg = last.Failure.Message
		}
		c.Failure = &junitProblem{Message: junitMessage(msg), Type: junitFailType, Body: junitClean(junitDetails(last, msg))}
		for _, a := range earlier {
			c.Reruns = append(c.Reruns, junitRerunOf(a))
		}
	case StatusFlaky:
		fmt.Fprintf(&out, "flaky: %d of %d attempts failed, then it passed\n", len(failed), len(f.Attempts))
		for _, a := range failed {
			fmt.Fprintf(&out, "attempt %d failed: %s\n", a.Retry+1, junitStepMessage(a.Failure))
			c.Flaky = append(c.Flaky, junitRerunOf(a))
		}
	case StatusInterrupted:
		c.Error = &junitProblem{Message: "interrupted", Type: "interrupted"}
		if a, ok := reportLastFailure(f); ok && a.Failure.Step != "" {
			c.Error.Body = junitClean("stopped in: " + a.Failure.Step)
		}
		for _, a := range failed {
			if a.Status == StatusFailed { // an attempt that failed before the interrupted one
				c.Reruns = append(c.Reruns, junitRerunOf(a))
			}
		}
	case StatusSkipped:
		c.Skipped = &junitProblem{Message: junitMessage(f.SkipReason())}
	}
	junitWriteMarks(&out, f)
	junitWriteFindings(&out, f)
	junitWriteArtifacts(&out, f, dir)
	c.SystemOut = junitNewText(out.String())
	return c
}

// junitSplitLast returns the last failed attempt (nil when none) and the ones before it.
func junitSplitLast(failed []AttemptReport) (*AttemptReport, []AttemptReport) {
	if len(failed) == 0 {
		return nil, nil
	}
	return &failed[len(failed)-1], failed[:len(failed)-1]
}

// junitRerunOf is the <rerunFailure> or <flakyFailure> of a failed attempt.
func junitRerunOf(a AttemptReport) junitRerun {
	return junitRerun{
		Message: junitMessage(a.Failure.Message), Type: junitFailType,
		StackTrace: junitNewText(junitDetails(&a, a.Failure.Message)),
		SystemOut:  junitNewText(fmt.Sprintf("attempt %d (retry %d), worker %d, %s", a.Retry+1, a.Retry, a.Worker, reportDuration(a.DurationMS))),
	}
}

// junitMessage makes msg one line of at most junitMaxMsg runes.
func junitMessage(msg string) string {
	line := reportFirstLine(junitClean(msg))
	if r := []rune(line); len(r) > junitMaxMsg {
		line = string(r[:junitMaxMsg-1]) + "…"
	}
	return line
}

// junitDetails is the full text of a failure: the step, the message and the details.
func junitDetails(a *AttemptReport, fallback string) string {
	if a == nil || a.Failure == nil {
		return fallback
	}
	var b strings.Builder
	if a.Failure.Step != "" {
		fmt.Fprintf(&b, "step: %s\n", a.Failure.Step)
	}
	if a.Failure.Location != nil {
		fmt.Fprintf(&b, "at: %s\n", a.Failure.Location)
	}
	b.WriteString(a.Failure.Message)
	b.WriteString("\n")
	d := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(a.Failure.Details), a.Failure.Message))
	if d != "" {
		fmt.Fprintf(&b, "\n%s\n", d)
	}
	return b.String()
}

// junitStepMessage is "step: message" on one line.
func junitStepMessage(f *Failure) string {
	return stepMessage(f.Step, reportFirstLine(f.Message))
}

// junitWriteMarks adds the flow's tags and annotations to the testcase's output, a line each:
// "tags: @smoke @security", "annotation: slow". (Not as <properties>, as findings are not.)
func junitWriteMarks(b *strings.Builder, f FlowReport) {
	if len(f.Tags) > 0 {
		fmt.Fprintf(b, "tags: %s\n", strings.Join(f.Tags, " "))
	}
	for _, a := range f.Annotations {
		fmt.Fprintf(b, "annotation: %s\n", strings.TrimSuffix(a.Type+": "+a.Description, ": "))
	}
}

// junitWriteFindings adds the last attempt's audit findings to the testcase's output, a line
// each. A finding at fail has already failed the attempt, so it is in the <failure> too. (Not as
// testcase <properties>: the schema CI systems validate against has none there.)
func junitWriteFindings(b *strings.Builder, f FlowReport) {
	if len(f.Attempts) == 0 {
		return
	}
	for _, fd := range f.Attempts[len(f.Attempts)-1].Audit.All() {
		fmt.Fprintf(b, "audit: %s\n", fd.String())
	}
}

// junitWriteArtifacts lists the artifact folders and files of f's attempts, the last attempt's
// first (its screenshot is the one GitLab shows).
func junitWriteArtifacts(b *strings.Builder, f FlowReport, dir string) {
	for i := len(f.Attempts) - 1; i >= 0; i-- {
		a := f.Attempts[i]
		if a.Dir != "" {
			fmt.Fprintf(b, "artifacts: %s/\n", strings.TrimSuffix(junitPath(dir, a.Dir), "/"))
		}
		for _, kind := range reportArtifactKinds(a.Artifacts) {
			fmt.Fprintf(b, "[[ATTACHMENT|%s]]\n", junitPath(dir, a.Artifacts[kind]))
		}
	}
}

// junitPath joins a report-relative slash path to the folder of junit.xml.
func junitPath(dir, rel string) string {
	return filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(rel)))
}
