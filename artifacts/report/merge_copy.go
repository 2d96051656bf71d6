package report

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// mergeReserved are names in the output folder that attempt folders must not take: the reports
// written next to them.
var mergeReserved = []string{HTMLFile, JUnitFile, JSONFile}

// mergeCopier copies the attempt folders of the shards into the output folder, giving each a
// path no other has.
type mergeCopier struct {
	out    string
	taken  []string          // slash paths relative to out, claimed so far
	copied map[string]string // "<shard pos>\x00<source path>" -> destination path
	// missing are the folders and files, as paths in the shards' folders, that a shard's folder
	// lacked: the merge left them out.
	missing []string
}

// mergeMarker is the file that says a folder is e2e's output and may be emptied (the runner's
// artifacts folder has it too).
const mergeMarker = ".e2e-output"

// newMergeCopier prepares the output folder and reserves the report files and any folder of out
// that holds a shard folder (as when shards were downloaded into the output folder itself), so
// that no copy touches them.
func newMergeCopier(shards []mergeShard, out string) (*mergeCopier, error) {
	c := &mergeCopier{out: out, taken: append([]string(nil), mergeReserved...), copied: map[string]string{}}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return nil, fmt.Errorf("merge reports: output folder %s: %w", out, err)
	}
	keep := map[string]bool{mergeMarker: true}
	for _, s := range shards {
		abs, err := filepath.Abs(s.dir)
		if err != nil {
			return nil, fmt.Errorf("merge reports: folder %s: %w", s.dir, err)
		}
		if rel, err := filepath.Rel(absOut, abs); err == nil && filepath.IsLocal(rel) {
			top := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
			c.taken = append(c.taken, top)
			keep[top] = true
		}
	}
	if err := mergePrepareOutput(out, keep); err != nil {
		return nil, err
	}
	return c, nil
}

// mergePrepareOutput empties out of a previous merge, keeping the entries in keep. It refuses a
// folder with other files that e2e did not write (no marker), so that a mistyped --output cannot
// wipe a user's files.
func mergePrepareOutput(out string, keep map[string]bool) error {
	entries, err := os.ReadDir(out)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("merge reports: output folder %s: %w", out, err)
	}
	_, markErr := os.Stat(filepath.Join(out, mergeMarker))
	for _, e := range entries {
		if keep[e.Name()] {
			continue
		}
		if markErr != nil {
			return fmt.Errorf("merge reports: output folder %s has files e2e did not write (%s): empty it or choose another", out, e.Name())
		}
		if err := os.RemoveAll(filepath.Join(out, e.Name())); err != nil {
			return fmt.Errorf("merge reports: empty output folder %s: %w", out, err)
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("merge reports: output folder %s: %w", out, err)
	}
	marker := []byte("e2e output folder: emptied at the start of every run\n")
	if err := os.WriteFile(filepath.Join(out, mergeMarker), marker, 0o644); err != nil {
		return fmt.Errorf("merge reports: output folder %s: %w", out, err)
	}
	return nil
}

// copyFlow returns f with its attempts' folders and files copied and their paths rewritten. An
// attempt's folder or file that the shard's folder lacks is left out of the copy: its links are
// dropped and its path in the shard's folder is added to c.missing.
func (c *mergeCopier) copyFlow(s mergeShard, f FlowReport) (FlowReport, error) {
	out := f
	out.Attempts = make([]AttemptReport, len(f.Attempts))
	for i, a := range f.Attempts {
		where := fmt.Sprintf("merge reports: %s: flow %q attempt %d", s.label(), f.ID, a.Retry+1)
		a.Artifacts = maps.Clone(a.Artifacts)
		if a.Dir != "" {
			var err error
			if a, err = c.copyDir(s, a); err != nil {
				return f, fmt.Errorf("%s: artifact folder: %w", where, err)
			}
		}
		for kind, p := range a.Artifacts {
			if a.Dir != "" && strings.HasPrefix(path.Clean(p), a.Dir+"/") {
				continue // copied with the folder
			}
			dst, err := c.copyPath(s, p)
			if errors.Is(err, errMergeMissing) {
				c.missing = append(c.missing, filepath.Join(s.dir, filepath.FromSlash(path.Clean(p))))
				delete(a.Artifacts, kind)
				continue
			} else if err != nil {
				return f, fmt.Errorf("%s: %s file: %w", where, kind, err)
			}
			a.Artifacts[kind] = dst
		}
		out.Attempts[i] = a
	}
	return out, nil
}

// copyDir returns a with its folder copied and the paths in it rewritten, or without them when
// the shard's folder lacks it (see dropDir).
func (c *mergeCopier) copyDir(s mergeShard, a AttemptReport) (AttemptReport, error) {
	dst, err := c.copyPath(s, a.Dir)
	if errors.Is(err, errMergeMissing) {
		return c.dropDir(s, a), nil
	}
	if err != nil {
		return a, err
	}
	moved := func(p string) string {
		if rest, ok := strings.CutPrefix(path.Clean(p), path.Clean(a.Dir)+"/"); ok && p != "" {
			return dst + "/" + rest
		}
		return p
	}
	for kind, p := range a.Artifacts {
		a.Artifacts[kind] = moved(p)
	}
	a.ImageDiffs = slices.Clone(a.ImageDiffs) // their images are always in the folder
	for j := range a.ImageDiffs {
		d := &a.ImageDiffs[j]
		d.Expected, d.Actual, d.Diff = moved(d.Expected), moved(d.Actual), moved(d.Diff)
	}
	a.Dir = dst
	return a, nil
}

// dropDir returns a without its folder, the files in it and its image diffs' images, the shard's
// folder lacking that folder; the folder is added to c.missing.
func (c *mergeCopier) dropDir(s mergeShard, a AttemptReport) AttemptReport {
	c.missing = append(c.missing, filepath.Join(s.dir, filepath.FromSlash(path.Clean(a.Dir))))
	in := func(p string) bool { return strings.HasPrefix(path.Clean(p), path.Clean(a.Dir)+"/") }
	for kind, p := range a.Artifacts {
		if in(p) {
			delete(a.Artifacts, kind)
		}
	}
	a.ImageDiffs = slices.Clone(a.ImageDiffs)
	for j := range a.ImageDiffs {
		d := &a.ImageDiffs[j]
		d.Expected, d.Actual, d.Diff = "", "", ""
	}
	a.Dir = ""
	return a
}

// copyPath copies the file or folder at rel (a slash path relative to the shard's folder) into
// the output folder under a path no other copy took, and returns that path.
func (c *mergeCopier) copyPath(s mergeShard, rel string) (string, error) {
	clean := path.Clean(rel)
	key := fmt.Sprintf("%d\x00%s", s.pos, clean)
	if dst, ok := c.copied[key]; ok {
		return dst, nil
	}
	src, info, err := mergeSource(s, rel)
	if err != nil {
		return "", err
	}
	dst := c.claim(clean, s.suffix(), info.IsDir())
	to := filepath.Join(c.out, filepath.FromSlash(dst))
	if err := mergeCopyTree(src, to, info); err != nil {
		return "", err
	}
	c.copied[key] = dst
	return dst, nil
}

// mergeSource returns the file or folder at rel (a slash path relative to the shard's folder),
// or why it cannot be copied.
func mergeSource(s mergeShard, rel string) (string, fs.FileInfo, error) {
	clean := path.Clean(rel)
	if !filepath.IsLocal(filepath.FromSlash(clean)) {
		return "", nil, fmt.Errorf("%q is not inside the shard's folder", rel)
	}
	src := filepath.Join(s.dir, filepath.FromSlash(clean))
	info, err := os.Stat(src)
	if errors.Is(err, fs.ErrNotExist) {
		return src, nil, errMergeMissing
	}
	return src, info, err
}

// errMergeMissing is mergeSource's answer for an artifact the shard's folder lacks (only its
// report.json was copied): the merge leaves that evidence out and lists it in Missing.
var errMergeMissing = errors.New("missing")

// mergeCheckSources finds, before the output folder is touched, any artifact of any shard that
// could not be copied: a failed merge leaves the previous output as it was. A missing artifact
// is not an error: the merge leaves it out.
func mergeCheckSources(shards []mergeShard) error {
	for _, s := range shards {
		for _, f := range s.report.Flows {
			for _, a := range f.Attempts {
				where := fmt.Sprintf("merge reports: %s: flow %q attempt %d", s.label(), f.ID, a.Retry+1)
				if a.Dir != "" {
					if _, _, err := mergeSource(s, a.Dir); err != nil && !errors.Is(err, errMergeMissing) {
						return fmt.Errorf("%s: artifact folder: %w", where, err)
					}
				}
				for kind, p := range a.Artifacts {
					if _, _, err := mergeSource(s, p); err != nil && !errors.Is(err, errMergeMissing) {
						return fmt.Errorf("%s: %s file: %w", where, kind, err)
					}
				}
			}
		}
	}
	return nil
}

// claim returns p, or p with suffix (then -2, -3, ...) when p clashes with a path taken already:
// the same, inside it or holding it. A file keeps its extension last.
func (c *mergeCopier) claim(p, suffix string, dir bool) string {
	ext := path.Ext(p)
	if dir || len(ext) == len(path.Base(p)) {
		ext = ""
	}
	base := strings.TrimSuffix(p, ext)
	try := p
	for n := 1; c.clashes(try); n++ {
		try = base + suffix + ext
		if n > 1 {
			try = fmt.Sprintf("%s%s-%d%s", base, suffix, n, ext)
		}
	}
	c.taken = append(c.taken, try)
	return try
}

// clashes reports whether p is, is inside or holds a path taken already.
func (c *mergeCopier) clashes(p string) bool {
	for _, t := range c.taken {
		if p == t || strings.HasPrefix(p, t+"/") || strings.HasPrefix(t, p+"/") {
			return true
		}
	}
	return false
}

// mergeCopyTree copies the regular file or the folder src (described by info) to dst. Symbolic
// links and other special files inside a folder are skipped: an artifact folder holds none.
func mergeCopyTree(src, dst string, info fs.FileInfo) error {
	if !info.IsDir() {
		return mergeCopyFile(src, dst)
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			return mergeCopyFile(p, target)
		default:
			return nil
		}
	})
}

// mergeCopyFile copies the regular file src to dst, creating dst's folder.
func mergeCopyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("copy %s: %w", src, cerr)
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return fmt.Errorf("copy %s to %s: %w", src, dst, err)
	}
	return nil
}
