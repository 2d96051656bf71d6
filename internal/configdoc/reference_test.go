package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/config"
)

// TestReferenceIsCurrent fails when docs/configuration.md is not what the schema and config's
// doc comments give: a key added, renamed or described anew without go generate ./config.
func TestReferenceIsCurrent(t *testing.T) {
	want, err := reference(filepath.Join("..", "..", "config"))
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join("..", "..", "docs", "configuration.md"))
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "docs/configuration.md is stale: run go generate ./config")
}

// TestReferenceDescribesEveryKey: every key has its heading, a description, its default, its
// flag and its environment variables.
func TestReferenceDescribesEveryKey(t *testing.T) {
	b, err := reference(filepath.Join("..", "..", "config"))
	require.NoError(t, err)
	doc := string(b)
	keys := config.Keys()
	require.Greater(t, len(keys), 60)
	for _, k := range keys {
		i := strings.Index(doc, "\n### `"+k.Name+"`\n\n")
		require.GreaterOrEqual(t, i, 0, k.Name)
		entry, _, _ := strings.Cut(doc[i+1:], "\n#")
		lines := strings.Split(strings.TrimSpace(entry), "\n")
		require.Len(t, lines, 5, "%s: heading, description, facts:\n%s", k.Name, entry)
		require.NotEmpty(t, lines[2], k.Name)
		require.Contains(t, lines[4], "default: `"+k.Default+"`", k.Name)
		for _, env := range k.Env {
			require.Contains(t, lines[4], "`"+env+"`", k.Name)
		}
		if k.Flag != "" {
			require.Contains(t, lines[4], "flag: `", k.Name)
		}
	}
	require.Contains(t, doc, "### `timeouts.flow`\n\nTime limit per flow (0: none).\n\nType: duration (30s, 1m30s) · default: `1m` · flag: `--timeout` · environment: `E2E_TIMEOUTS_FLOW`\n")
	require.Contains(t, doc, "flag: `-j`, `--workers` · environment: `E2E_RUN_WORKERS`, `E2E_WORKERS`\n")
	require.Contains(t, doc, "Type: string: one of `retain-on-failure`, `on`, `off` · default: `retain-on-failure` · flag: `--trace`")
	require.NotContains(t, doc, "shop.addr`\n", "a suite's keys are the suite's")
}

// TestReferenceRefusesAKeyWithoutADescription: a key with neither flag help nor a doc comment
// on its field stops the generator with the key named.
func TestReferenceRefusesAKeyWithoutADescription(t *testing.T) {
	dir := t.TempDir()
	src := "package config\n\n// Config has fields without docs.\ntype Config struct {\n\tApp AppConfig `mapstructure:\"app\"`\n}\n\n" +
		"// AppConfig is the app.\ntype AppConfig struct {\n\tStopTimeout int `mapstructure:\"stop_timeout\"`\n}\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.go"), []byte(src), 0o644))
	_, err := reference(dir)
	require.EqualError(t, err, "app.stop_timeout: no flag help and no doc comment on its field in "+dir+": describe it")
}
