package runner

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
)

// marker is the file that says a folder is e2e's output, so that a new run may empty it.
const marker = ".e2e-output"

// timingsFile keeps each flow's last duration, to schedule the slowest flows first next time.
const timingsFile = ".e2e-timings.json"

// output is the run's artifacts folder.
type output struct {
	dir     string
	timings map[string]int64 // flow id -> last duration in ms
}

// PrepareArtifacts empties dir for a new run as Run does (keeping the previous run's timings and
// its record, LastRunFile), for what the run writes there before Run: the app's server logs.
func PrepareArtifacts(dir string) error {
	_, err := prepareOutput(dir, timingsFile)
	return err
}

// prepareOutput empties dir for a new run, keeping the previous run's timings and its record
// (LastRunFile) besides keep. It refuses a folder that has files and was not made by e2e, so
// that a mistyped artifacts.dir cannot wipe a user's files.
func prepareOutput(dir string, keep ...string) (*output, error) {
	o := &output{dir: dir, timings: map[string]int64{}}
	keep = append(slices.Clip(keep), LastRunFile)
	entries, err := os.ReadDir(dir)
	switch {
	case os.IsNotExist(err):
	case err != nil:
		return nil, fmt.Errorf("artifacts.dir %s: %w: choose a writable folder", dir, err)
	case slices.ContainsFunc(entries, func(e os.DirEntry) bool { return !slices.Contains(keep, e.Name()) }):
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			return nil, fmt.Errorf("artifacts.dir %s: has files e2e did not write: empty it or choose another folder", dir)
		}
		if b, err := os.ReadFile(filepath.Join(dir, timingsFile)); err == nil {
			_ = json.Unmarshal(b, &o.timings)
		}
		for _, e := range entries {
			if slices.Contains(keep, e.Name()) {
				continue
			}
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return nil, fmt.Errorf("artifacts.dir %s: empty it: %w", dir, err)
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("artifacts.dir %s: %w: choose a writable folder", dir, err)
	}
	if err := os.WriteFile(filepath.Join(dir, marker), []byte("e2e output folder: emptied at the start of every run\n"), 0o644); err != nil {
		return nil, fmt.Errorf("artifacts.dir %s: %w: choose a writable folder", dir, err)
	}
	return o, nil
}

// schedule orders jobs slowest first by the previous run's timings. Jobs without a timing go
// first, in suite order: an unknown flow may be the slowest.
func (o *output) schedule(jobs []job) []job {
	out := append([]job(nil), jobs...)
	sort.SliceStable(out, func(a, b int) bool {
		ta, okA := o.timings[out[a].id]
		tb, okB := o.timings[out[b].id]
		switch {
		case okA && okB:
			return ta > tb
		default:
			return !okA && okB
		}
	})
	return out
}

// saveTimings records the durations of the flows that ran, keeping the others'.
func (o *output) saveTimings(r *report.RunReport) {
	for _, f := range r.Flows {
		if f.Status == report.StatusPassed || f.Status == report.StatusFailed || f.Status == report.StatusFlaky {
			o.timings[f.ID] = f.DurationMS
		}
	}
	b, err := json.MarshalIndent(o.timings, "", "  ")
	if err == nil {
		_ = artifacts.WriteFileAtomic(filepath.Join(o.dir, timingsFile), b)
	}
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug turns a flow id into a folder name: "add favourite#2" -> "add-favourite-repeat2".
func slug(id string) string {
	name, rep, _ := strings.Cut(id, "#")
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if s == "" {
		s = "flow"
	}
	if rep != "" {
		s += "-repeat" + rep
	}
	return s
}
