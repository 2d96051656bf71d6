package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// Grid is a Selenium Grid 4 of a test's own, run by tools/grid/grid.sh in a temporary run dir.
type Grid struct {
	// Dir is the run dir: pidfiles, generated configs and every process's log.
	Dir string
	t   testing.TB
	env []string
}

// NewGrid checks what grid.sh needs (Java, ChromeDriver, the Selenium server jar: a failure in
// CI, a skip elsewhere) and returns a grid whose processes are stopped when the test ends, or
// when this process dies. env adds GRID_* settings (GRID_PUBLISH_PORT=...).
func NewGrid(t testing.TB, env ...string) *Grid {
	t.Helper()
	RequireCommand(t, "java", "apt-get install -y openjdk-17-jre-headless")
	RequireCommand(t, "chromedriver", "apt-get install -y chromium-driver")
	jars, _ := filepath.Glob(filepath.Join(RepoRoot(t), "tools/grid/node_modules/@nightwatch/selenium-server/lib/selenium-server-*.jar"))
	Require(t, len(jars) > 0, "the Selenium server jar", "tools/grid/grid.sh install")
	g := &Grid{Dir: t.TempDir(), t: t, env: append([]string{"GRID_OWNER_PID=" + strconv.Itoa(os.Getpid()), "GRID_WAIT_SECONDS=120"}, env...)}
	t.Cleanup(func() { g.Run("stop") })
	return g
}

// Run runs grid.sh with args ("standalone", "4444", "2"), failing the test if it fails.
func (g *Grid) Run(args ...string) {
	g.t.Helper()
	cmd := exec.Command(filepath.Join(RepoRoot(g.t), "tools/grid/grid.sh"), args...)
	cmd.Env = append(append(os.Environ(), "GRID_RUN_DIR="+g.Dir), g.env...)
	out, err := cmd.CombinedOutput()
	require.NoError(g.t, err, "grid.sh %v: %s", args, out)
}
