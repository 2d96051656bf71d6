package shopsuite

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	n := 0
	for _, name := range append(files, objects...) {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := os.Open(name)
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "//") {
				n++
			}
		}
		require.NoError(t, sc.Err())
		require.NoError(t, f.Close())
	}
	t.Logf("%d lines", n)
	require.LessOrEqual(t, n, 800, "lines of the shop suite and its page objects")
}
