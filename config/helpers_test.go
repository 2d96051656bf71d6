package config

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/require"
)

// loadWith loads with an e2e.yaml holding yamlText (none if ""), the given
// environment (isolated from the real one) and command-line args.
func loadWith(t *testing.T, yamlText string, env []string, args ...string) (*Config, error) {
	t.Helper()
	dir := t.TempDir()
	if yamlText != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, DefaultFile), []byte(yamlText), 0o600))
	}
	if env == nil {
		env = []string{}
	}
	fs := pflag.NewFlagSet("e2e", pflag.ContinueOnError)
	BindFlags(fs)
	require.NoError(t, fs.Parse(args))
	return Load(LoadOptions{Flags: fs, Env: env, Dir: dir})
}

// mustLoad is loadWith that must succeed.
func mustLoad(t *testing.T, yamlText string, env []string, args ...string) *Config {
	t.Helper()
	c, err := loadWith(t, yamlText, env, args...)
	require.NoError(t, err)
	require.NotNil(t, c)
	return c
}

// loadErr is loadWith that must fail with *Error; it returns the error.
func loadErr(t *testing.T, yamlText string, env []string, args ...string) *Error {
	t.Helper()
	c, err := loadWith(t, yamlText, env, args...)
	require.Error(t, err)
	require.Nil(t, c)
	var ce *Error
	require.True(t, errors.As(err, &ce), "want *config.Error, got %T: %v", err, err)
	require.NotContains(t, err.Error(), "\n", "Error() must be one line")
	return ce
}

func regexpMust(expr string) *regexp.Regexp { return regexp.MustCompile(expr) }
