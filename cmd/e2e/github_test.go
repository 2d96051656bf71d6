package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGitHubAnnotatesTheFailingLineOfTheFlow runs the shop's add favourite flow against a shop
// whose favourites API fails, as GitHub Actions would (GITHUB_ACTIONS=true adds the github
// reporter): its ::error names the flow's own file, relative to the repository, and a line of
// its Run function, and error.txt shows the suite's frames, not testify's or the engine's.
func TestGitHubAnnotatesTheFailingLineOfTheFlow(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	summary := filepath.Join(t.TempDir(), "summary.md")
	c := newCLI(t, "GITHUB_ACTIONS=true", "GITHUB_WORKSPACE="+repo, "GITHUB_STEP_SUMMARY="+summary)
	code := c.run("--grep", "^add favourite$", "--shop-fault", favouritesFault)
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)

	m := regexp.MustCompile(`(?m)^::error file=([^,]+),line=(\d+),title=add favourite::(.+)$`).FindStringSubmatch(c.out.String())
	require.NotNil(t, m, "stdout:\n%s", c.out)
	require.Equal(t, "flows/shopsuite/favourite_flows.go", m[1], "the flow's own file, relative to the repository")
	line, err := strconv.Atoi(m[2])
	require.NoError(t, err)
	first, last := runLines(t, filepath.Join(repo, m[1]), "add favourite")
	require.True(t, line > first && line < last, "line %d is inside the flow's Run (lines %d-%d)", line, first, last)
	src, err := os.ReadFile(filepath.Join(repo, m[1]))
	require.NoError(t, err)
	require.NotEmpty(t, strings.TrimSpace(strings.Split(string(src), "\n")[line-1]), "a line of code")
	require.Contains(t, m[3], "add it to favourites > product page: toggle the favourite: ", "the step, then why")

	md, err := os.ReadFile(summary)
	require.NoError(t, err)
	require.Contains(t, string(md), "| ❌ failed | add favourite | `flows/shopsuite/favourite_flows.go:"+m[2]+"` |")

	errTxt, err := os.ReadFile(filepath.Join(c.dir, "test-results", "add-favourite", "error.txt"))
	require.NoError(t, err)
	t.Logf("error.txt:\n%s", errTxt)
	require.Contains(t, string(errTxt), "at: "+filepath.Join(repo, m[1])+":"+m[2]+"\n")
	require.Contains(t, string(errTxt), "favourite_flows.go:"+m[2], "the flow's frame")
	for _, engine := range []string{"stretchr/testify", "e2e-dev/e2e/internal/", "e2e-dev/e2e/pages.", "e2e-dev/e2e/flows.", "runtime/", "Error Trace", "pages/tab.go"} {
		require.NotContains(t, string(errTxt), engine, "error.txt shows the suite's frames only")
	}
}

// runLines returns the first and last lines of the Run function of the flow named name in file.
func runLines(t *testing.T, file, name string) (first, last int) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	require.NoError(t, err)
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok || first != 0 {
			return first == 0
		}
		var named bool
		var run *ast.FuncLit
		for _, e := range lit.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			switch key := kv.Key.(*ast.Ident); {
			case key == nil:
			case key.Name == "Name":
				if b, ok := kv.Value.(*ast.BasicLit); ok && b.Value == strconv.Quote(name) {
					named = true
				}
			case key.Name == "Run":
				run, _ = kv.Value.(*ast.FuncLit)
			}
		}
		if named && run != nil {
			first, last = fset.Position(run.Pos()).Line, fset.Position(run.End()).Line
		}
		return true
	})
	require.NotZero(t, first, "flow %q in %s", name, file)
	return first, last
}
