package report

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MergeRunReports merges the reports of the shards of one suite, reports[i] read from the
// folder dirs[i], into one report whose artifact folders are copied into outDir, so that the
// reports written there (index.html's links and screenshots, junit.xml's attachments) find them.
//
// Flows keep their order: shards by their index ("i/n", else the order given), each shard's
// flows in its suite order. Totals and status are recomputed, Started is the earliest start,
// the duration runs from there to the latest end, workers add up and the shard is "". An
// attempt folder whose name another shard already used is copied as "<name>-shard<i>". A flow id
// in two shards is an error naming it and both shards.
//
// An attempt folder or file that a shard's folder lacks (only its report.json was copied) is
// left out: the merged attempt has no link to it, and missing lists its path in the shard's
// folder, so that the caller can say the evidence is incomplete.
func MergeRunReports(reports []*RunReport, dirs []string, outDir string) (merged *RunReport, missing []string, err error) {
	shards, err := mergeShards(reports, dirs, outDir)
	if err != nil {
		return nil, nil, err
	}
	if err := mergeCheckIDs(shards); err != nil {
		return nil, nil, err
	}
	if err := mergeCheckSources(shards); err != nil {
		return nil, nil, err
	}
	c, err := newMergeCopier(shards, outDir)
	if err != nil {
		return nil, nil, err
	}
	out := &RunReport{Flows: []FlowReport{}}
	var end time.Time
	failOnFlaky := false
	for _, s := range shards {
		r := s.report
		if out.Started.IsZero() || (!r.Started.IsZero() && r.Started.Before(out.Started)) {
			out.Started = r.Started
		}
		if e := r.Started.Add(time.Duration(r.DurationMS) * time.Millisecond); e.After(end) {
			end = e
		}
		out.Workers += r.Workers
		if out.BaseURL == "" {
			out.BaseURL = r.BaseURL
		}
		// A shard that failed without a failed flow ran with --fail-on-flaky.
		if FailedOnFlaky(r) {
			failOnFlaky = true
		}
		for _, f := range r.Flows {
			mf, err := c.copyFlow(s, f)
			if err != nil {
				return nil, nil, err
			}
			out.Flows = append(out.Flows, mf)
		}
		if out.Stopped == "" && r.Stopped != "" {
			out.Stopped = fmt.Sprintf("%s: %s", s.label(), r.Stopped)
		}
	}
	if !end.IsZero() && !out.Started.IsZero() {
		out.DurationMS = end.Sub(out.Started).Milliseconds()
	}
	out.Totals = CountFlows(out.Flows)
	out.Status = mergeStatus(out.Totals, failOnFlaky)
	if SetupFailed(out.Flows) || out.Stopped != "" {
		out.Status = StatusFailed
	}
	return out, c.missing, nil
}

// mergeShard is one shard's report with where it was read from.
type mergeShard struct {
	report *RunReport
	dir    string
	pos    int // place in the arguments, from 0
	index  int // i of "i/n", 0 when the report has no shard
}

// label names the shard in errors: "shard 2/3 (ci/shard-2)".
func (s mergeShard) label() string {
	if s.report.Shard != "" {
		return fmt.Sprintf("shard %s (%s)", s.report.Shard, s.dir)
	}
	return fmt.Sprintf("report %d (%s)", s.pos+1, s.dir)
}

// suffix tells apart the folders of this shard from another's with the same name.
func (s mergeShard) suffix() string {
	if s.index > 0 {
		return fmt.Sprintf("-shard%d", s.index)
	}
	return fmt.Sprintf("-shard%d", s.pos+1)
}

// mergeShards checks the arguments and orders the shards by their index when every report
// has a distinct one, else keeps the order given.
func mergeShards(reports []*RunReport, dirs []string, outDir string) ([]mergeShard, error) {
	if len(reports) == 0 {
		return nil, errors.New("merge reports: no reports")
	}
	if len(reports) != len(dirs) {
		return nil, fmt.Errorf("merge reports: %d reports but %d folders", len(reports), len(dirs))
	}
	absOut, err := filepath.Abs(outDir)
	if err != nil {
		return nil, fmt.Errorf("merge reports: output folder %s: %w", outDir, err)
	}
	shards := make([]mergeShard, len(reports))
	seen := map[int]bool{}
	byIndex := true
	for i, r := range reports {
		if r == nil {
			return nil, fmt.Errorf("merge reports: report %d (%s) is missing", i+1, dirs[i])
		}
		absDir, err := filepath.Abs(dirs[i])
		if err != nil {
			return nil, fmt.Errorf("merge reports: folder %s: %w", dirs[i], err)
		}
		if absDir == absOut {
			return nil, fmt.Errorf("merge reports: the output folder %s is the folder of report %d: choose another", outDir, i+1)
		}
		shards[i] = mergeShard{report: r, dir: dirs[i], pos: i, index: mergeShardIndex(r.Shard)}
		if shards[i].index == 0 || seen[shards[i].index] {
			byIndex = false
		}
		seen[shards[i].index] = true
	}
	if byIndex {
		slices.SortStableFunc(shards, func(a, b mergeShard) int { return a.index - b.index })
	}
	return shards, nil
}

// mergeShardIndex is i of "i/n", or 0.
func mergeShardIndex(shard string) int {
	i, _, ok := strings.Cut(shard, "/")
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(i))
	if err != nil || n < 1 {
		return 0
	}
	return n
}

// mergeCheckIDs fails on a flow id that more than one shard ran (or one shard twice).
func mergeCheckIDs(shards []mergeShard) error {
	where := map[string]mergeShard{}
	for _, s := range shards {
		for _, f := range s.report.Flows {
			if prev, ok := where[f.ID]; ok {
				if prev.pos == s.pos {
					return fmt.Errorf("merge reports: flow %q is in %s twice", f.ID, s.label())
				}
				return fmt.Errorf("merge reports: flow %q is in both %s and %s: merge the shards of one run only", f.ID, prev.label(), s.label())
			}
			where[f.ID] = s
		}
	}
	return nil
}

// mergeStatus is the run's status from its totals, as the runner decides it.
func mergeStatus(t Totals, failOnFlaky bool) Status {
	switch {
	case t.Failed > 0 || (failOnFlaky && t.Flaky > 0):
		return StatusFailed
	case t.Interrupted > 0:
		return StatusInterrupted
	default:
		return StatusPassed
	}
}
