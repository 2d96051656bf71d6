package config

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

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

// testSection is a suite's own section, like the shop suite's, registered for every test of
// the package: its keys load, validate, bind flags and print like e2e's own.
var testSection = Section{Name: "shop", Keys: []SectionKey{
	{Name: "addr", Default: "", Flag: "shop-addr", Usage: "listen address of the built-in shop", Check: ListenAddr},
	{Name: "fault", Default: []string{}, Flag: "shop-fault", Usage: "fault rule for the built-in shop (repeatable)", Check: NoBlankEntries},
}}

// mySection has a key of each other kind, and a secret one.
var mySection = Section{Name: "myapp", Keys: []SectionKey{
	{Name: "wait", Default: 2 * time.Second, Flag: "myapp-wait", Usage: "how long myapp warms up"},
	{Name: "seed", Default: 3},
	{Name: "api_token", Default: ""},
}}

func init() {
	for _, s := range []Section{testSection, mySection} {
		if err := Register(s); err != nil {
			panic(err)
		}
	}
}
