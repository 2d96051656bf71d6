package runner

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/pages"
)

// imageDiffs are an attempt's screenshot checks that failed or wrote their baseline, kept in
// memory until its artifacts are written; flow and project name the attempt's baselines.
type imageDiffs struct {
	flow, project string

	mu   sync.Mutex
	list []pages.ImageDiff
}

// keep is the tab's Snapshots.Keep.
func (d *imageDiffs) keep(diff pages.ImageDiff) {
	d.mu.Lock()
	d.list = append(d.list, diff)
	d.mu.Unlock()
}

// nameSnapshots names the attempt's baselines after the flow of j and its project.
func (a *Attempt) nameSnapshots(j job) {
	a.diffs.flow, a.diffs.project = j.flow.Name, j.projectName()
}

// WriteImageDiffs writes the images of the attempt's screenshot checks into dir, an attempt's
// artifacts folder under base (the report's): <name>-expected.png, -actual.png and -diff.png,
// and returns them as the report lists them.
func (a *Attempt) WriteImageDiffs(dir, base string) ([]report.ImageDiff, error) {
	a.diffs.mu.Lock()
	list := append([]pages.ImageDiff(nil), a.diffs.list...)
	a.diffs.mu.Unlock()
	var out []report.ImageDiff
	var errs []string
	used := map[string]int{}
	for _, d := range list {
		stem := slug(strings.TrimSuffix(d.Name, filepath.Ext(d.Name)))
		if used[stem]++; used[stem] > 1 {
			stem += fmt.Sprintf("-%d", used[stem])
		}
		rd := report.ImageDiff{Name: d.Name, Message: a.text(d.Message)}
		for _, img := range []struct {
			data []byte
			kind string
			to   *string
		}{{d.Expected, "expected", &rd.Expected}, {d.Actual, "actual", &rd.Actual}, {d.Diff, "diff", &rd.Diff}} {
			if img.data == nil {
				continue
			}
			path := filepath.Join(dir, stem+"-"+img.kind+".png")
			if err := artifacts.WriteFileAtomic(path, img.data); err != nil {
				errs = append(errs, err.Error())
				continue
			}
			rel, err := filepath.Rel(base, path)
			if err != nil {
				rel = path
			}
			*img.to = filepath.ToSlash(rel)
		}
		out = append(out, rd)
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("screenshot images: %s", strings.Join(errs, "; "))
	}
	return out, nil
}
