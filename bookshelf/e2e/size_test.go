package e2e_test

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/stretchr/testify/require"
)

// TestFlowsAndPageObjectsFitIn200Lines counts the suite's page objects and first flows as the
// tutorial does (lines neither blank nor comments): at most 200, and docs/tutorial.md says how
// many.
func TestFlowsAndPageObjectsFitIn200Lines(t *testing.T) {
	n := testenv.CodeLines(t, "pages.go", "flows.go")
	require.LessOrEqual(t, n, 200, "lines of page objects and flows: if over, the engine lacks something")
	readme, err := os.ReadFile(filepath.Join("..", "..", "docs", "tutorial.md"))
	require.NoError(t, err)
	require.Contains(t, string(readme), fmt.Sprintf("**%d lines**", n), "the tutorial's figure")
}

// TestTabsAndAPIFlowsFitIn30LinesEach: the flows of issue 33 (tabs, users, dialogs, downloads,
// uploads, the phone layout, API-only flows) and their helpers take at most 30 lines a flow,
// counted as above, and docs/tutorial.md says how many.
func TestTabsAndAPIFlowsFitIn30LinesEach(t *testing.T) {
	n := testenv.CodeLines(t, "flows_tabs.go", "flows_api.go")
	require.LessOrEqual(t, n, 30*8, "lines of the 8 flows of flows_tabs.go and flows_api.go")
	tutorial, err := os.ReadFile(filepath.Join("..", "..", "docs", "tutorial.md"))
	require.NoError(t, err)
	require.Contains(t, string(tutorial), fmt.Sprintf("**%d lines** for eight flows", n), "the tutorial's figure")
}

// TestSuiteImportsOnlyThePublicAPI: the suite's own files import nothing a team outside this
// repository could not (no internal package; the app only to start it).
func TestSuiteImportsOnlyThePublicAPI(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, name := range append(files, "cmd/bookshelf-e2e/main.go") {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range f.Imports {
			require.NotContains(t, imp.Path.Value, "/internal", "%s imports %s", name, imp.Path.Value)
		}
	}
}
