package report

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// reportDuration formats milliseconds for people: "850ms", "1.2s", "2m05s".
func reportDuration(ms int64) string {
	switch {
	case ms < 0:
		return "0ms"
	case ms < 1000:
		return fmt.Sprintf("%dms", ms)
	case ms < 60_000:
		return fmt.Sprintf("%.1fs", float64(ms)/1000)
	default:
		s := ms / 1000
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
}

// reportSeconds formats milliseconds as seconds with 3 decimals, as JUnit wants them.
func reportSeconds(ms int64) string {
	return fmt.Sprintf("%.3f", float64(max(ms, 0))/1000)
}

// reportFirstLine returns the first non-empty line of s, trimmed.
func reportFirstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if t := strings.TrimSpace(line); t != "" {
			return t
		}
	}
	return ""
}

// stepMessage is a failure in one line, "step: message", unless the message names its step
// already ("audit: 3 finding(s) ...", a step's error wrapped in its name).
func stepMessage(step, message string) string {
	if step == "" || strings.HasPrefix(message, step+":") {
		return message
	}
	return step + ": " + message
}

// reportFailedAttempts returns the attempts of f that failed (or were interrupted) with a
// recorded failure, first to last.
func reportFailedAttempts(f FlowReport) []AttemptReport {
	var out []AttemptReport
	for _, a := range f.Attempts {
		if a.Failure != nil && a.Status != StatusPassed {
			out = append(out, a)
		}
	}
	return out
}

// reportLastFailure returns the last failed attempt of f and true, or false when none recorded
// a failure.
func reportLastFailure(f FlowReport) (AttemptReport, bool) {
	failed := reportFailedAttempts(f)
	if len(failed) == 0 {
		return AttemptReport{}, false
	}
	return failed[len(failed)-1], true
}

// reportArtifactOrder is the order artifacts are listed in: the screenshot first (GitLab shows
// the first attachment of a test case), the rest by how often people open them.
var reportArtifactOrder = []string{
	ArtifactScreenshot, ArtifactError, ArtifactSteps, ArtifactConsole, ArtifactDOM, ArtifactHAR,
}

// reportArtifactKinds returns the kinds in arts in reportArtifactOrder, then any other kinds
// sorted by name.
func reportArtifactKinds(arts map[string]string) []string {
	var kinds []string
	known := map[string]bool{}
	for _, k := range reportArtifactOrder {
		known[k] = true
		if arts[k] != "" {
			kinds = append(kinds, k)
		}
	}
	var extra []string
	for k, v := range arts {
		if !known[k] && v != "" {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	return append(kinds, extra...)
}

// reportJoinDir joins a report-relative slash path under dir (a folder as the user names it),
// keeping slashes: "test-results" + "login" -> "test-results/login".
func reportJoinDir(dir, rel string) string {
	if dir == "" || dir == "." {
		return rel
	}
	return path.Join(strings.ReplaceAll(dir, `\`, "/"), rel)
}
