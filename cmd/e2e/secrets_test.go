package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// requireNowhere fails if secret is in the process's output or in any file it wrote under
// test-results.
func requireNowhere(t *testing.T, c *proc, secret string) {
	t.Helper()
	require.NotContains(t, c.out.String(), secret, "stdout")
	require.NotContains(t, c.errb.String(), secret, "stderr")
	files := 0
	err := filepath.WalkDir(filepath.Join(c.dir, "test-results"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		require.NotContains(t, string(b), secret, path)
		files++
		return nil
	})
	require.NoError(t, err)
	require.NotZero(t, files, "the run wrote its reports")
}

// TestSeedURLWithAPasswordIsPrintedNowhere: issue 29's first way a password was printed: a seed
// URL built from the environment that does not parse went, password and all, to stderr, the
// list output, setup/steps.log, report.json, junit.xml and index.html.
func TestSeedURLWithAPasswordIsPrintedNowhere(t *testing.T) {
	c := newCLI(t, "SEED_PW=S3cret-seed-pw")
	c.writeConfig("app:\n  seed: [{http: [{path: 'http://admin:$SEED_PW@127.0.0.1:1/a%zz'}]}]\nrun: {reporters: [list, json, junit, html]}\n")
	code := c.run("run")
	require.Equal(t, 2, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.errb.String(), "e2e: app.seed step 1 (http GET http://admin:[REDACTED]@127.0.0.1:1/a%zz): GET http://admin:[REDACTED]@127.0.0.1:1/a%zz: not a valid URL")
	steps, err := os.ReadFile(filepath.Join(c.dir, "test-results", "setup", "steps.log"))
	require.NoError(t, err)
	require.Contains(t, string(steps), "not a valid URL")
	requireNowhere(t, c, "S3cret")
}

// TestServerEnvURLWithAPasswordIsPrintedNowhere: issue 29's second way: a server's env value
// that is a URL with a password, shown by e2e config, and by a server that echoes it in its
// last lines of output and its log. Its password here holds spaces and "#", as pasted.
func TestServerEnvURLWithAPasswordIsPrintedNowhere(t *testing.T) {
	c := newCLI(t, "DB_PW=S3cret db#pw")
	c.writeConfig("app:\n  servers:\n    - name: api\n" +
		"      command: 'echo db is $DATABASE_URL; echo raw $DB_PW; echo also postgres://app:other-S3cret@db/app; exit 3'\n" +
		"      env: {DATABASE_URL: 'postgres://app:$DB_PW@127.0.0.1:5432/app', PLAIN: 'postgres://u:plain-S3cret@h/db'}\n" +
		"      url: http://127.0.0.1:1/health\n")
	require.Equal(t, 0, c.run("config"), c.errb.String())
	require.Contains(t, c.out.String(), "PLAIN: postgres://u:[REDACTED]@h/db")
	require.NotContains(t, c.out.String(), "S3cret")

	code := c.run("run")
	require.Equal(t, 2, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.errb.String(), "e2e: its last lines of output:")
	require.Contains(t, c.errb.String(), "db is postgres://app:[REDACTED]@127.0.0.1:5432/app")
	log, err := os.ReadFile(filepath.Join(c.dir, "test-results", "servers", "api.log"))
	require.NoError(t, err)
	require.Contains(t, string(log), "also postgres://app:[REDACTED]@db/app")
	requireNowhere(t, c, "S3cret")
}

// TestPasswordsPastedUnencodedArePrintedNowhere: issue 29's third way: a password holding "#"
// or "/" showed in the one-line error of --base-url and --remote-url.
func TestPasswordsPastedUnencodedArePrintedNowhere(t *testing.T) {
	for _, args := range [][]string{
		{"--base-url", "http://admin:pw#xS3cret@127.0.0.1:1/"},
		{"--remote-kind", "selenium", "--remote-url", "http://admin:pw/xS3cret@127.0.0.1:1/"},
	} {
		c := newCLI(t)
		code := c.run(append([]string{"run"}, args...)...)
		require.Equal(t, 2, code, c.errb.String())
		require.Equal(t, 1, strings.Count(c.errb.String(), "\n"), "one line: %s", c.errb)
		require.NotContains(t, c.errb.String(), "S3cret")
		require.NotContains(t, c.out.String(), "S3cret")
	}
}
