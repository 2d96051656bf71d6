package config

import (
	"testing"
	"time"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/browser"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/require"
)

func TestBindFlagsRegistersAll(t *testing.T) {
	fs := pflag.NewFlagSet("e2e", pflag.ContinueOnError)
	BindFlags(fs)
	for _, name := range []string{
		"config", "base-url", "headed", "browser-bin", "slowmo", "devtools", "highlight",
		"remote-kind", "remote-url", "timeout", "action-timeout", "artifacts-dir", "artifacts-mode",
		"workers", "retries", "repeat-each", "fail-on-flaky", "grep", "grep-invert", "shard", "reporter",
		"list", "debug", "pause-before", "api-url", "db-driver", "db-dsn", "shop-addr", "shop-fault",
	} {
		f := fs.Lookup(name)
		require.NotNil(t, f, name)
		require.NotEmpty(t, f.Usage, name)
	}
	require.Equal(t, "workers", fs.ShorthandLookup("j").Name)
	require.Equal(t, "grep", fs.ShorthandLookup("g").Name)
	// Every flag but --config names a key.
	for _, f := range flagSpecs {
		if f.name != configFlag {
			_, ok := keyByName[f.key]
			require.True(t, ok, f.name)
		}
	}
	// Help shows the real defaults.
	require.Equal(t, "1m0s", fs.Lookup("timeout").DefValue)
	require.Equal(t, "false", fs.Lookup("headed").DefValue)

	// Calling it again, or on a set that already has -j, does not panic.
	require.NotPanics(t, func() { BindFlags(fs) })
	other := pflag.NewFlagSet("x", pflag.ContinueOnError)
	other.BoolP("json", "j", false, "")
	require.NotPanics(t, func() { BindFlags(other) })
	require.NotNil(t, other.Lookup("workers"))
	require.Equal(t, "", other.Lookup("workers").Shorthand)
}

func TestFlagsSetKeys(t *testing.T) {
	c := mustLoad(t, "", nil,
		"--base-url=http://127.0.0.1:9000", "--headed", "--browser-bin=/usr/bin/chromium", "--slowmo=50ms",
		"--devtools", "--highlight", "--remote-kind=cdp", "--remote-url=ws://h:9222/devtools/browser/abc",
		"--timeout=2m", "--action-timeout=3s", "--artifacts-dir=out", "--artifacts-mode=on",
		"-j", "6", "--retries=2", "--repeat-each=3", "--fail-on-flaky", "-g", "cart", "--grep-invert=slow",
		"--shard=2/3", "--reporter=junit,html", "--list", "--pause-before=^pay", "--api-url=http://127.0.0.1:9001",
		"--db-dsn=/tmp/shop.db", "--shop-addr=0.0.0.0:8080",
		"--shop-fault", "PUT /api/favourites/*=500", "--shop-fault", "GET /api/a,b=503",
	)
	require.Equal(t, "http://127.0.0.1:9000", c.BaseURL)
	require.False(t, c.Browser.Headless)
	require.Equal(t, "/usr/bin/chromium", c.Browser.Bin)
	require.Equal(t, 50*time.Millisecond, c.Browser.SlowMo)
	require.True(t, c.Browser.DevTools)
	require.True(t, c.Browser.Highlight)
	require.Equal(t, browser.KindCDP, c.Browser.Remote.Kind)
	require.Equal(t, "ws://h:9222/devtools/browser/abc", c.Browser.Remote.URL)
	require.Equal(t, 2*time.Minute, c.Timeouts.Flow)
	require.Equal(t, 3*time.Second, c.Timeouts.Action)
	require.Equal(t, "out", c.Artifacts.Dir)
	require.Equal(t, artifacts.ModeOn, c.Artifacts.Mode)
	require.Equal(t, 6, c.Run.Workers)
	require.Equal(t, 2, c.Run.Retries)
	require.Equal(t, 3, c.Run.RepeatEach)
	require.True(t, c.Run.FailOnFlaky)
	require.Equal(t, "cart", c.Run.Grep)
	require.Equal(t, "slow", c.Run.GrepInvert)
	require.Equal(t, "2/3", c.Run.Shard)
	require.Equal(t, []string{"junit", "html"}, Strings(c.Run.Reporters))
	require.True(t, c.Run.List)
	require.Equal(t, "^pay", c.Debug.PauseBefore)
	require.Equal(t, "http://127.0.0.1:9001", c.Backend.APIURL)
	require.Equal(t, "/tmp/shop.db", c.Backend.DB.DSN)
	require.Equal(t, "0.0.0.0:8080", c.SuiteString("shop.addr"))
	require.Equal(t, []string{"PUT /api/favourites/*=500", "GET /api/a,b=503"}, c.SuiteStrings("shop.fault"))
	require.False(t, c.Debug.Enabled)

	c = mustLoad(t, "", nil, "--debug")
	require.True(t, c.Debug.Enabled)
}

func TestFlagErrorsNameTheFlag(t *testing.T) {
	ce := loadErr(t, "", nil, "--artifacts-mode=sometimes")
	require.Equal(t, `config: artifacts.mode: expected one of retain-on-failure, on, off; got "sometimes" (from --artifacts-mode)`, ce.Error())
	ce = loadErr(t, "", nil, "--shop-fault=")
	require.Equal(t, `config: shop.fault: entry 1 is empty (from --shop-fault)`, ce.Error())
}

// A flag set built by the command without BindFlags still works for the
// flags it has.
func TestPartialFlagSet(t *testing.T) {
	fs := pflag.NewFlagSet("e2e", pflag.ContinueOnError)
	fs.Bool("headed", false, "")
	fs.Int("retries", 0, "")
	require.NoError(t, fs.Parse([]string{"--headed", "--retries=4"}))
	c, err := Load(LoadOptions{Flags: fs, Env: []string{}, Dir: t.TempDir()})
	require.NoError(t, err)
	require.False(t, c.Browser.Headless)
	require.Equal(t, 4, c.Run.Retries)
}
