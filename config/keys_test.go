package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestKeysDescribeTheSchema: one Key per key of e2e's own schema (not a suite's section), with
// its type, default as e2e.yaml spells it, flag, variables and fixed values.
func TestKeysDescribeTheSchema(t *testing.T) {
	keys := Keys()
	byName := map[string]Key{}
	for _, k := range keys {
		byName[k.Name] = k
		require.NotEmpty(t, k.Type, k.Name)
		require.Equal(t, EnvName(k.Name), k.Env[0], k.Name)
	}
	require.Len(t, byName, len(keys), "each key once")
	require.Len(t, keys, len(schema)-len(suiteKeys))
	require.NotContains(t, byName, "shop.addr", "the test section is a suite's")

	require.Equal(t, Key{Name: "run.workers", Type: "int", Default: "0", Flag: "-j, --workers",
		Usage: "parallel workers (0: number of CPUs)", Env: []string{"E2E_RUN_WORKERS", "E2E_WORKERS"}}, byName["run.workers"])
	require.Equal(t, "1m", byName["timeouts.flow"].Default)
	require.Equal(t, "10s", byName["timeouts.action"].Default)
	require.Equal(t, "1MiB", byName["artifacts.har.max_body"].Default)
	require.Equal(t, `""`, byName["base_url"].Default)
	require.Equal(t, "[list]", byName["run.reporters"].Default)
	require.Equal(t, "{}", byName["audit.budgets.page"].Default)
	require.Equal(t, []string{"off", "warn", "fail"}, byName["audit.security.csp"].Values)
	require.Contains(t, byName["audit.security.csp"].Usage, "Content-Security-Policy")
	require.Equal(t, "--headed", byName["browser.headless"].Flag)
	require.Contains(t, byName["browser.headless"].Usage, "(--headed sets browser.headless to false)")
	require.Equal(t, []string{"E2E_BROWSER_HEADLESS", "E2E_HEADED"}, byName["browser.headless"].Env)
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 10 * time.Second: "10s", time.Minute: "1m", 90 * time.Second: "1m30s",
		time.Hour: "1h", 90 * time.Minute: "1h30m", 250 * time.Millisecond: "250ms",
	} {
		require.Equal(t, want, FormatDuration(d), d.String())
	}
}
