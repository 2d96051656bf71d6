package runner_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/appserver"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestSuiteDeclaresTheAppInGo: a suite's servers and seed steps (Suite.App) start with
// StartApp; app: in e2e.yaml replaces the suite's server of the same name, adds another, and
// adds its seed steps after the suite's; Close stops every server.
func TestSuiteDeclaresTheAppInGo(t *testing.T) {
	dir := t.TempDir()
	app := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer app.Close()
	server := func(name, marker string) appserver.Server {
		return appserver.Server{Name: name, Dir: dir, Command: fmt.Sprintf("touch %s; sleep %s", name+"-"+marker, marker)}
	}
	suite := flows.Suite{Name: "inventory", App: appserver.Plan{
		Servers: []appserver.Server{server("api", "6711"), server("db", "6712")},
		Seed:    []appserver.Step{{Run: "echo suite >> seeded", Dir: dir}},
	}}
	yaml := fmt.Sprintf(`base_url: %s
artifacts: {dir: %s}
app:
  servers:
    - {name: api, dir: %[3]s, command: touch api-6713; sleep 6713}
    - {name: web, dir: %[3]s, command: touch web-6714; sleep 6714}
  seed:
    - {run: echo config >> seeded, dir: %[3]s}
`, app.URL, filepath.Join(dir, "results"), dir)
	require.NoError(t, os.WriteFile(filepath.Join(dir, config.DefaultFile), []byte(yaml), 0o644))
	cfg, err := config.Load(config.LoadOptions{Dir: dir, Env: []string{}})
	require.NoError(t, err)

	a, err := runner.StartApp(context.Background(), cfg, suite)
	require.NoError(t, err)
	closed := false
	t.Cleanup(func() {
		if !closed {
			a.Close()
		}
	})
	for _, f := range []string{"api-6713", "db-6712", "web-6714"} {
		require.Eventually(t, func() bool { _, err := os.Stat(filepath.Join(dir, f)); return err == nil }, 10*time.Second, 20*time.Millisecond, f)
	}
	require.NoFileExists(t, filepath.Join(dir, "api-6711"), "the configured api replaced the suite's")
	seeded, err := os.ReadFile(filepath.Join(dir, "seeded"))
	require.NoError(t, err)
	require.Equal(t, "suite\nconfig\n", string(seeded))
	for _, marker := range []string{"sleep 6712", "sleep 6713", "sleep 6714"} {
		require.NotEmpty(t, testenv.ProcessesNaming(marker), marker)
	}

	a.Close()
	closed = true
	require.Empty(t, testenv.ProcessesNaming("sleep 671"))
	for _, name := range []string{"api", "db", "web"} {
		require.FileExists(t, filepath.Join(dir, "results", "servers", name+".log"))
	}
}
