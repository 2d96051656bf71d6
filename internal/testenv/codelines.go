package testenv

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// CodeLines counts the lines of the named files that are neither blank nor comments: the
// measure of a suite's size that the size tests and the tutorial use.
func CodeLines(t testing.TB, names ...string) int {
	t.Helper()
	n := 0
	for _, name := range names {
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
	return n
}
