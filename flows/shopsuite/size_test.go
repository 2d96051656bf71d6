package shopsuite

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/stretchr/testify/require"
)

// TestSuiteAndPageObjectsFitIn800Lines counts the suite and its page objects (lines neither
// blank nor comments, tests left out): the worked example a team copies stays short, or the
// engine lacks something.
func TestSuiteAndPageObjectsFitIn800Lines(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	objects, err := filepath.Glob("../../pages/shoppages/*.go")
	require.NoError(t, err)
	var code []string
	for _, name := range append(files, objects...) {
		if !strings.HasSuffix(name, "_test.go") {
			code = append(code, name)
		}
	}
	n := testenv.CodeLines(t, code...)
	t.Logf("%d lines", n)
	require.LessOrEqual(t, n, 800, "lines of the shop suite and its page objects")
}
