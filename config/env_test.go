package config

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestEnvName(t *testing.T) {
	require.Equal(t, "E2E_BASE_URL", EnvName("base_url"))
	require.Equal(t, "E2E_ARTIFACTS_REDACT_ENABLED", EnvName("artifacts.redact.enabled"))
	require.Equal(t, "E2E_BROWSER_REMOTE_SESSION_TIMEOUT", EnvName("browser.remote.session_timeout"))
}

func TestEnvKeys(t *testing.T) {
	c := mustLoad(t, "", []string{
		"E2E_BASE_URL=http://shop:8080",
		"E2E_BROWSER_HEADLESS=false",
		"E2E_TIMEOUTS_FLOW=90s",
		"E2E_RUN_WORKERS=5",
		"E2E_ARTIFACTS_REDACT_ENABLED=0",
		"E2E_BROWSER_ARGS=--foo, \"--window-size=1280,720\"",
		"E2E_SHOP_FAULT=GET /api/x=500",
		"E2E_BROWSER_REMOTE_CAPABILITIES={\"browserName\":\"chrome\",\"se:recordVideo\":true}",
		"E2E_BROWSER_REMOTE_HEADERS={\"Authorization\":\"Bearer t\"}",
		"PATH=/usr/bin",
	})
	require.Equal(t, "http://shop:8080", c.BaseURL)
	require.False(t, c.Browser.Headless)
	require.Equal(t, 90*time.Second, c.Timeouts.Flow)
	require.Equal(t, 5, c.Run.Workers)
	require.False(t, c.Artifacts.Redact.Enabled)
	require.Equal(t, []string{"--foo", "--window-size=1280,720"}, c.Browser.Args)
	require.Equal(t, []string{"GET /api/x=500"}, c.SuiteStrings("shop.fault"))
	require.Equal(t, map[string]any{"browserName": "chrome", "se:recordVideo": true}, c.Browser.Remote.Capabilities)
	require.Equal(t, map[string]string{"Authorization": "Bearer t"}, c.Browser.Remote.Headers)
}

func TestEnvMapsOverrideFile(t *testing.T) {
	c := mustLoad(t, "browser: {remote: {capabilities: {a: 1}, headers: {X-A: b}}}\n", []string{"E2E_BROWSER_REMOTE_HEADERS={\"X-B\":\"c\"}"})
	require.Equal(t, map[string]any{"a": 1}, c.Browser.Remote.Capabilities)
	require.Equal(t, map[string]string{"X-B": "c"}, c.Browser.Remote.Headers)
}

func TestEnvAliases(t *testing.T) {
	for _, v := range []string{"1", "true", "TRUE", "yes"} {
		require.False(t, mustLoad(t, "", []string{"E2E_HEADED=" + v}).Browser.Headless, v)
	}
	for _, v := range []string{"0", "false"} {
		require.True(t, mustLoad(t, "browser: {headless: false}", []string{"E2E_HEADED=" + v}).Browser.Headless, v)
	}
	// E2E_HEADED beats the file.
	require.False(t, mustLoad(t, "browser: {headless: true}", []string{"E2E_HEADED=1"}).Browser.Headless)

	c := mustLoad(t, "", []string{"E2E_SLOWMO=250ms", "E2E_WORKERS=3", "E2E_RETRIES=2", "E2E_GREP=^checkout"})
	require.Equal(t, 250*time.Millisecond, c.Browser.SlowMo)
	require.Equal(t, 3, c.Run.Workers)
	require.Equal(t, 2, c.Run.Retries)
	require.Equal(t, "^checkout", c.Run.Grep)
	require.Equal(t, 3, c.Workers(10))

	c = mustLoad(t, "", []string{"E2E_DEBUG=1"})
	require.True(t, c.Debug.Enabled)
	require.False(t, c.Browser.Headless)

	// The key's own variable wins over its alias.
	c = mustLoad(t, "", []string{"E2E_WORKERS=3", "E2E_RUN_WORKERS=4", "E2E_HEADED=maybe", "E2E_BROWSER_HEADLESS=true"})
	require.Equal(t, 4, c.Run.Workers)
	require.True(t, c.Browser.Headless)
}

func TestEnvUnknownAndEmptyIgnored(t *testing.T) {
	c := mustLoad(t, "run: {retries: 2}\n", []string{"E2E_NOPE=1", "E2E_BROWSER_BNI=x", "E2E_RUN_RETRIES=", "E2E_=x", "E2E_HEADLESS", "garbage"})
	c.file = ""
	want := Default()
	want.Run.Retries = 2
	require.Equal(t, want, c)
}

func TestEnvErrorsNameTheVariable(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"E2E_HEADED=maybe", `config: browser.headless: expected true or false, got "maybe" (from E2E_HEADED)`},
		{"E2E_BROWSER_HEADLESS=maybe", `config: browser.headless: expected true or false, got "maybe" (from E2E_BROWSER_HEADLESS)`},
		{"E2E_WORKERS=x", `config: run.workers: expected an integer, got "x" (from E2E_WORKERS)`},
		{"E2E_TIMEOUTS_FLOW=abc", `config: timeouts.flow: expected a duration like "30s", got "abc" (from E2E_TIMEOUTS_FLOW)`},
		{"E2E_RUN_WORKERS=-1", `config: run.workers: expected 0 (as many as CPUs) to 256, got -1 (from E2E_RUN_WORKERS)`},
		{"E2E_BROWSER_REMOTE_CAPABILITIES=[1]", `config: browser.remote.capabilities: expected a JSON object like {"name":"value"} (the value is not shown: it may hold secrets) (from E2E_BROWSER_REMOTE_CAPABILITIES)`},
		{`E2E_BROWSER_REMOTE_HEADERS={"Authorization":"Bearer s3cret"`, `config: browser.remote.headers: expected a JSON object like {"name":"value"} (the value is not shown: it may hold secrets) (from E2E_BROWSER_REMOTE_HEADERS)`},
		{"E2E_BROWSER_REMOTE_HEADERS={\"a\":{}}", `config: browser.remote.headers: expected a mapping of strings, got a mapping at "a" (from E2E_BROWSER_REMOTE_HEADERS)`},
		{"E2E_BROWSER_ARGS=\"a", `config: browser.args: expected comma-separated values, got "\"a" (from E2E_BROWSER_ARGS)`},
	} {
		t.Run(tc.env, func(t *testing.T) {
			require.Equal(t, tc.want, loadErr(t, "", []string{tc.env}).Error())
		})
	}
}

func TestEnvNilUsesProcessEnvironment(t *testing.T) {
	t.Setenv("E2E_RUN_RETRIES", "7")
	for _, kv := range os.Environ() {
		if len(kv) > 4 && kv[:4] == EnvPrefix && kv != "E2E_RUN_RETRIES=7" {
			t.Skip("the test environment sets other E2E_* variables")
		}
	}
	c, err := Load(LoadOptions{Dir: t.TempDir()})
	require.NoError(t, err)
	require.Equal(t, 7, c.Run.Retries)
}
