package runner_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/runner"
	"github.com/e2e-dev/e2e/pages/shoppages"
)

// waitFor lets a flow take d of its time, or less when its context ends first.
func waitFor(f *flows.F, d time.Duration) {
	select {
	case <-time.After(d):
	case <-f.Ctx.Done():
	}
}

// TestSkipFixmeAndSlow: Flow.Skip and Flow.Fixme do not run, F.Skip stops a flow as skipped
// with why (its running step too), Slow triples the flow's time limit, and the report holds the
// tags and the annotations.
func TestSkipFixmeAndSlow(t *testing.T) {
	ran := make(chan string, 8)
	mark := func(name string) func(*flows.F) { return func(*flows.F) { ran <- name } }
	fs := []flows.Flow{
		{Name: "skipped", Tags: []string{"@payments"}, Skip: "no payments on staging", Run: mark("skipped")},
		{Name: "fixme", Fixme: "#123 the total is off", Run: mark("fixme")},
		{Name: "skips itself", Run: func(f *flows.F) {
			ran <- "skips itself"
			f.Step("open the catalog", func() {
				shoppages.Catalog(f.Tab).Open()
				f.Skip("the catalog is empty today")
			})
			f.Errorf("never reached")
		}},
		{Name: "slow", Slow: true, Run: func(f *flows.F) { waitFor(f, 3*time.Second) }},
		{Name: "not slow", Run: func(f *flows.F) { waitFor(f, 3*time.Second) }},
		{Name: "fails, then skips", Run: func(f *flows.F) {
			f.Errorf("broken first")
			f.Skip("too late")
		}},
	}
	rep, dir := runSuite(t, fs, nil, func(o *runner.Options) { o.FlowTimeout = 2 * time.Second })
	close(ran)
	var runs []string
	for r := range ran {
		runs = append(runs, r)
	}
	require.Equal(t, []string{"skips itself"}, runs, "Skip and Fixme do not run")

	byID := map[string]report.FlowReport{}
	for _, f := range rep.Flows {
		byID[f.ID] = f
	}
	skipped := byID["skipped"]
	require.Equal(t, report.StatusSkipped, skipped.Status)
	require.Empty(t, skipped.Attempts)
	require.Equal(t, []string{"@payments"}, skipped.Tags)
	require.Equal(t, []report.Annotation{{Type: report.AnnotationSkip, Description: "no payments on staging"}}, skipped.Annotations)
	require.Equal(t, report.StatusSkipped, byID["fixme"].Status)
	require.Equal(t, "fixme: #123 the total is off", byID["fixme"].SkipReason())

	self := byID["skips itself"]
	require.Equal(t, report.StatusSkipped, self.Status)
	require.Len(t, self.Attempts, 1)
	require.Equal(t, "the catalog is empty today", self.Attempts[0].SkipReason)
	require.Equal(t, []report.Annotation{{Type: report.AnnotationSkip, Description: "the catalog is empty today"}}, self.Annotations)
	require.Nil(t, self.Attempts[0].Failure)
	require.Empty(t, self.Attempts[0].Dir, "a skip keeps no evidence")
	var stepStatus []string
	for _, s := range self.Attempts[0].Steps {
		stepStatus = append(stepStatus, s.Status)
	}
	require.Contains(t, stepStatus, "skipped", "the step it skipped in")
	require.NotContains(t, stepStatus, "FAIL")

	require.Equal(t, report.StatusPassed, byID["slow"].Status, "3s within three times 2s")
	require.Equal(t, []report.Annotation{{Type: report.AnnotationSlow}}, byID["slow"].Annotations)
	require.Equal(t, report.StatusFailed, byID["not slow"].Status)
	require.Equal(t, "flow timed out after 2s", byID["not slow"].Error)

	require.Equal(t, report.StatusFailed, byID["fails, then skips"].Status, "a failed flow stays failed")
	require.Equal(t, report.Totals{Total: 6, Passed: 1, Failed: 2, Skipped: 3}, rep.Totals)
	_, err := os.Stat(filepath.Join(dir, "skipped"))
	require.True(t, os.IsNotExist(err), "no folder for a flow that did not run")
	require.True(t, strings.HasPrefix(byID["fails, then skips"].Error, "broken first"))
}
