package doccheck_test

import (
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/doccheck"
)

// repoRoot is the checkout this package is in.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return root
}

// markdownFiles returns every .md file of the repository but those of node_modules.
func markdownFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || (strings.HasPrefix(d.Name(), ".") && p != root)) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			out = append(out, p)
		}
		return nil
	})
	require.NoError(t, err)
	require.Contains(t, out, filepath.Join(root, "README.md"))
	return out
}

var (
	checkerOnce sync.Once
	checker     *doccheck.Checker
	checkerErr  error
)

// newChecker builds e2e's packages once for every test of the package.
func newChecker(t *testing.T) *doccheck.Checker {
	t.Helper()
	checkerOnce.Do(func() {
		fset := token.NewFileSet()
		imp, err := doccheck.ExportImporter(fset, repoRoot(t), doccheck.FragmentImports...)
		checker, checkerErr = doccheck.NewChecker(fset, imp), err
	})
	require.NoError(t, checkerErr)
	return checker
}

// TestDocsCodeCompiles type-checks every Go block of every markdown file of the repository
// against e2e as it is: the example module's files together, whole files alone, fragments in
// their wrapper (CONTRIBUTING.md, "Code in the docs").
func TestDocsCodeCompiles(t *testing.T) {
	root := repoRoot(t)
	c := newChecker(t)
	checked := 0
	for _, md := range markdownFiles(t, root) {
		rel, _ := filepath.Rel(root, md)
		blocks, err := doccheck.Blocks(md)
		require.NoError(t, err)
		for i := range blocks {
			blocks[i].File = rel
			if blocks[i].Lang == "go" {
				checked++
			}
		}
		for _, err := range c.Check(blocks) {
			t.Error(err)
		}
	}
	require.Positive(t, checked, "Go blocks")
}

// TestRelativeLinksResolve: every relative link of every markdown file names a file or folder
// inside the repository, and a heading or anchor that exists when it has a fragment.
func TestRelativeLinksResolve(t *testing.T) {
	root := repoRoot(t)
	n := 0
	for _, md := range markdownFiles(t, root) {
		links, err := doccheck.Links(md)
		require.NoError(t, err)
		for _, l := range links {
			if !doccheck.IsRelative(l.Target) {
				continue
			}
			n++
			if err := doccheck.Resolve(root, l); err != nil {
				t.Error(strings.TrimPrefix(err.Error(), root+string(filepath.Separator)))
			}
		}
	}
	require.Positive(t, n, "relative links")
}

// writeDoc writes a markdown file into a new folder and returns its path.
func writeDoc(t *testing.T, name, text string) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	return p
}

// writeFile writes text to p.
func writeFile(p, text string) error { return os.WriteFile(p, []byte(text), 0o644) }

// TestTheREADMEIsAFrontDoor: the README stays at most 250 lines, and links every guide of docs/,
// so that what it does not say is one click away.
func TestTheREADMEIsAFrontDoor(t *testing.T) {
	root := repoRoot(t)
	readme := filepath.Join(root, "README.md")
	text, err := os.ReadFile(readme)
	require.NoError(t, err)
	require.LessOrEqual(t, strings.Count(string(text), "\n"), 250, "README.md lines: move the detail to a guide in docs/")
	links, err := doccheck.Links(readme)
	require.NoError(t, err)
	linked := map[string]bool{}
	for _, l := range links {
		target, _, _ := strings.Cut(l.Target, "#")
		linked[filepath.Clean(target)] = true
	}
	guides, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(guides), 9)
	for _, g := range guides {
		rel, _ := filepath.Rel(root, g)
		require.True(t, linked[rel], "README.md links no guide %s: add it to 'What it does'", rel)
	}
}
