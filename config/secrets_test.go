package config

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConfigMasksAServerEnvURLByShape: issue 29's second way a password was printed: a
// server's env value that is a URL with a password, whatever the variable's name.
func TestConfigMasksAServerEnvURLByShape(t *testing.T) {
	c := mustLoad(t, `app:
  servers:
    - command: "psql postgres://app:Cmd-S3cret@db/app -c 'select 1'"
      env: {DATABASE_URL: "postgres://app:Env-S3cret@127.0.0.1:5432/app", PORT: "8081"}
  seed:
    - run: ./load --dsn 'host=db password=Run-S3cret'
`, nil)
	var buf bytes.Buffer
	require.NoError(t, c.WriteYAML(&buf))
	require.NotContains(t, buf.String(), "S3cret")
	require.Contains(t, buf.String(), "DATABASE_URL: postgres://app:[REDACTED]@127.0.0.1:5432/app")
	require.Contains(t, buf.String(), `PORT: "8081"`, "what is not secret stays")
	msg := c.Scrub("server1: db is postgres://app:Env-S3cret@127.0.0.1:5432/app")
	require.Equal(t, "server1: db is postgres://app:[REDACTED]@127.0.0.1:5432/app", msg)
}

// TestConfigMasksPasswordsPastedUnencoded: issue 29's third way: a password holding "#", "/"
// or "?" showed in e2e config (backend.db.dsn) and in the error of --base-url and --remote-url.
func TestConfigMasksPasswordsPastedUnencoded(t *testing.T) {
	c := mustLoad(t, "backend: {db: {driver: postgres, dsn: 'postgres://admin:pw#xS3cret@127.0.0.1/db'}}\n", nil)
	var buf bytes.Buffer
	require.NoError(t, c.WriteYAML(&buf))
	require.NotContains(t, buf.String(), "S3cret")
	require.Contains(t, buf.String(), "dsn: postgres://admin:[REDACTED]@127.0.0.1/db")

	err := loadErr(t, "", nil, "--base-url", "http://admin:pw#xS3cret@127.0.0.1:1/")
	require.Equal(t, "base_url", err.Key)
	require.NotContains(t, err.Error(), "S3cret")
	require.Contains(t, err.Error(), `got "http://admin:[REDACTED]@127.0.0.1:1/" (from --base-url)`)

	err = loadErr(t, "", nil, "--remote-kind", "selenium", "--remote-url", "http://admin:pw/xS3cret@h:1/")
	require.Equal(t, "browser.remote.url", err.Key)
	require.NotContains(t, err.Error(), "S3cret")
}

// TestErrorsQuoteAValueBounded: a 50 MB run.grep was echoed whole in its error; every echo of
// a value is now at most 200 bytes of it, then its length.
func TestErrorsQuoteAValueBounded(t *testing.T) {
	big := "(" + strings.Repeat("x", 5<<20)
	for _, tc := range []struct{ key, flag string }{
		{"run.grep", "--grep"}, {"run.shard", "--shard"}, {"base_url", "--base-url"}, {"artifacts.mode", "--artifacts-mode"}, {"browser.remote.kind", "--remote-kind"},
	} {
		err := loadErr(t, "", nil, tc.flag+"="+big)
		require.Equal(t, tc.key, err.Key)
		require.Less(t, len(err.Error()), 600, tc.key)
		require.Contains(t, err.Error(), "…(5242881 bytes)", tc.key)
	}
	err := loadErr(t, "run: {grep: '"+big+"'}\n"+big[1:20]+": 1\n", nil)
	require.Less(t, len(err.Error()), 600)
}

// TestEveryKeyEchoesBounded: a huge value of any key, from the environment, loads or fails with
// one bounded line.
func TestEveryKeyEchoesBounded(t *testing.T) {
	big := strings.Repeat("x(", 2_000)
	for _, k := range schema {
		for _, v := range []string{big, `{"` + big + `": [1]}`, `[{"` + big + `": 1}]`, `[{"name": "` + big + `"}]`} {
			_, err := loadWith(t, "", []string{EnvName(k.key) + "=" + v})
			if err != nil {
				require.NotContains(t, err.Error(), "\n", k.key)
				require.Less(t, len(err.Error()), maxErrorLen, k.key)
			}
		}
	}
}

// TestScrubMasksShapesItWasNotTold: a URL built at run time, with a password no configured
// value holds, is masked by its shape.
func TestScrubMasksShapesItWasNotTold(t *testing.T) {
	c := mustLoad(t, "", nil)
	require.Equal(t, "warning: postgres://app:[REDACTED]@db/app is slow", c.Scrub("warning: postgres://app:built-at-run-time@db/app is slow"))
}
