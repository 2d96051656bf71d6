package flowtest

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
)

// settle passes, skips or fails the subtest t as its flow's report f says: a failure led by the
// suite's own file:line of it, with the whole of the last attempt's error.txt (or its failure
// when no artifacts were kept), a flaky flow as a pass with a log line (a failure under
// run.fail_on_flaky), a skipped one with why. Attempts are numbered from 1, "attempt 1 of 2",
// as the list reporter numbers them. The audit's findings are the run's, logged once by Run.
func settle(t *testing.T, cfg *config.Config, f report.FlowReport) {
	t.Helper()
	for _, a := range f.Attempts {
		if a.Dir != "" {
			t.Logf("attempt %d of %d (%s): artifacts in %s", a.Retry+1, len(f.Attempts), a.Status, filepath.Join(cfg.Artifacts.Dir, a.Dir))
		}
	}
	switch f.Status {
	case report.StatusSkipped:
		t.Skip(cmp.Or(f.SkipReason(), "skipped"))
	case report.StatusPassed:
	case report.StatusFlaky:
		t.Logf("flaky: attempt %d of %d passed, after %d failed: %s", len(f.Attempts), len(f.Attempts), len(f.Attempts)-1, f.Error)
		if cfg.Run.FailOnFlaky {
			t.Errorf("flaky (run.fail_on_flaky): %s", f.Error)
		}
	default:
		fail(t, cfg, f)
	}
}

// fail fails t with the flow's last failed attempt. When the suite's code is on record where
// it failed, the message leads with that file:line, and with each later (soft) failure's, the
// way t.Errorf's lines do with the caller's location.
//
// t.Errorf cannot do it itself: it prefixes the file:line of its caller, and t.Helper only
// skips frames of the calling goroutine, where the suite's code never is (the flow ran on the
// runner's goroutine, which reported to this subtest afterwards), so the best it gives is a
// line of e2e's. Starting the message with "\n<file>:<line>: ..." leaves e2e's location leading
// the line (a bare "flowtest.go:146: ") and the user's only indented under it. t.Output writes
// to the same stream without the prefix: we write the line t.Errorf would, with the suite's
// location instead of e2e's ("file.go:31: failed: ...", relative to the package folder, or
// absolute under -test.fullpath or outside it), the rest indented beneath as Go indents a
// message's further lines, then fail t. go test, go test -json and editors read such a line
// as they read t.Errorf's.
func fail(t *testing.T, cfg *config.Config, f report.FlowReport) {
	t.Helper()
	body := errorText(cfg, f)
	last, ok := lastFailure(f)
	if !ok || last.Location == nil {
		t.Errorf("%s %s", f.Status, body)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s\n", near(*last.Location), f.Status, last.Message)
	for _, m := range last.More {
		if m.Location != nil {
			fmt.Fprintf(&b, "%s: %s too: %s\n", near(*m.Location), f.Status, m.Message)
		}
	}
	for line := range strings.SplitSeq(strings.TrimSpace(body), "\n") {
		b.WriteString(strings.TrimRight("    "+line, " \t") + "\n")
	}
	_, _ = io.WriteString(t.Output(), cfg.Scrub(b.String()))
	t.Fail()
}

// lastFailure is the failure of f's last failed attempt; false when none recorded one.
func lastFailure(f report.FlowReport) (*report.Failure, bool) {
	for i := len(f.Attempts) - 1; i >= 0; i-- {
		if a := f.Attempts[i]; a.Failure != nil && a.Status != report.StatusPassed {
			return a.Failure, true
		}
	}
	return nil, false
}

// near is loc as go test writes a location: relative to the test's folder (the package's) when
// it lies inside it, else absolute; absolute under -test.fullpath.
func near(loc report.Location) string {
	if fp := flag.Lookup("test.fullpath"); fp != nil && fp.Value.String() == "true" {
		return loc.String()
	}
	wd, _ := os.Getwd()
	return loc.Near(wd)
}

// errorText is the last attempt's error.txt, or its failure when none was written.
func errorText(cfg *config.Config, f report.FlowReport) string {
	if len(f.Attempts) == 0 {
		return f.Error
	}
	last := f.Attempts[len(f.Attempts)-1]
	if rel, ok := last.Artifacts[report.ArtifactError]; ok {
		if b, err := os.ReadFile(filepath.Join(cfg.Artifacts.Dir, filepath.FromSlash(rel))); err == nil {
			return "\n" + string(b)
		}
	}
	if last.Failure == nil {
		return f.Error
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nflow: %s\n", f.ID)
	if last.Failure.Step != "" {
		fmt.Fprintf(&b, "step: %s\n", last.Failure.Step)
	}
	fmt.Fprintf(&b, "error: %s\n\n%s", last.Failure.Message, last.Failure.Details)
	return b.String()
}
