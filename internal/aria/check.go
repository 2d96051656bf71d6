package aria

import (
	"errors"
	"fmt"
	"os"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/internal/visual"
)

func verdict(tree *Node, t *Template, not bool, what string) (visual.Verdict, string, error) {
	matched := Match(tree, t)
	switch {
	case matched && !not:
		return visual.VerdictMatched, "", nil
	case !matched && not:
		return visual.VerdictDiffers, "", nil
	case not:
		return visual.VerdictSame, "expected the accessibility tree not to match " + what + ", it did", nil
	}
	return visual.VerdictMismatch, "the accessibility tree does not match " + what + "; it is:\n" + Render(tree), nil
}

// ExpectFile matches tree against the snapshot kept in path, writing it as update says:
// missing, it is written (VerdictWritten, a failure, under visual.UpdateMissing; VerdictUpdated
// under visual.UpdateChanged and visual.UpdateAll) or fails (VerdictMissing); not matching, it
// is written again under visual.UpdateChanged and visual.UpdateAll (VerdictUpdated), which are
// the same for a template: one that matches is kept as it is.
func ExpectFile(tree *Node, path string, update visual.Update, not bool) (visual.Verdict, string, error) {
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && not:
		return visual.VerdictDiffers, "no snapshot at " + path + " to differ from (a negated check writes none)", nil
	case errors.Is(err, os.ErrNotExist) && update == visual.UpdateNone:
		return visual.VerdictMissing, "no snapshot at " + path + ": run with --update-snapshots missing (or all) to write it", nil
	case errors.Is(err, os.ErrNotExist):
		if err := write(path, tree); err != nil {
			return "", "", err
		}
		if update == visual.UpdateAll || update == visual.UpdateChanged {
			return visual.VerdictUpdated, "wrote the missing snapshot " + path + " (--update-snapshots " + string(update) + ")", nil
		}
		return visual.VerdictWritten, "no snapshot at " + path + ": wrote the accessibility tree there; check it, keep it with the suite, and run again", nil
	case err != nil:
		return "", "", fmt.Errorf("read the snapshot: %w", err)
	}
	t, err := Parse(string(b))
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", path, err)
	}
	v, msg, err := verdict(tree, t, not, path)
	if v == visual.VerdictMismatch && (update == visual.UpdateAll || update == visual.UpdateChanged) {
		if err := write(path, tree); err != nil {
			return "", "", err
		}
		return visual.VerdictUpdated, "wrote " + path + " (--update-snapshots " + string(update) + ")", nil
	}
	return v, msg, err
}

func write(path string, tree *Node) error {
	if err := artifacts.WriteFileAtomic(path, []byte(Render(tree)+"\n")); err != nil {
		return fmt.Errorf("write the snapshot: %w", err)
	}
	return nil
}
