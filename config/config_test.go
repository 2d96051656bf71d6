package config

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/visual"
)

func TestWorkers(t *testing.T) {
	cpus := runtime.NumCPU()
	for _, tc := range []struct {
		name     string
		yaml     string
		env      []string
		args     []string
		numFlows int
		want     int
	}{
		{"cpus by default", "", nil, nil, 1000, cpus},
		{"at most the flows", "", nil, nil, 1, 1},
		{"at least one without flows", "", nil, nil, 0, 1},
		{"explicit", "run: {workers: 3}", nil, nil, 10, 3},
		{"explicit capped by flows", "run: {workers: 8}", nil, nil, 5, 5},
		{"debug means one", "", nil, []string{"--debug"}, 10, 1},
		{"headed means one", "", nil, []string{"--headed"}, 10, 1},
		{"headed from file means one", "browser: {headless: false}", nil, nil, 10, 1},
		{"headed from env means one", "", []string{"E2E_HEADED=1"}, nil, 10, 1},
		{"headed but workers from file", "run: {workers: 2}", nil, []string{"--headed"}, 10, 2},
		{"debug but workers from flag", "", nil, []string{"--debug", "-j", "4"}, 10, 4},
		{"debug but workers from env", "", []string{"E2E_WORKERS=2", "E2E_DEBUG=true"}, nil, 10, 2},
		{"debug but workers 0 set explicitly", "run: {workers: 0}", nil, []string{"--debug"}, 1000, cpus},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustLoad(t, tc.yaml, tc.env, tc.args...)
			require.Equal(t, tc.want, c.Workers(tc.numFlows))
		})
	}
}

func TestDefaultIsFresh(t *testing.T) {
	a, b := Default(), Default()
	a.Run.Reporters[0] = "junit"
	a.Browser.Remote.Headers["x"] = "y"
	require.Equal(t, []string{"list"}, Strings(b.Run.Reporters))
	require.Empty(t, b.Browser.Remote.Headers)
	require.Equal(t, []string{"list"}, Strings(Default().Run.Reporters))
}

func TestSchemaTables(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range schema {
		require.False(t, seen[k.key], "duplicate key %s", k.key)
		seen[k.key] = true
		require.False(t, sections[k.key], "%s is both a key and a section", k.key)
		v, msg := convert(k, k.defaultValue())
		require.Empty(t, msg, k.key)
		require.Equal(t, k.defaultValue(), v, k.key)
	}
	for _, a := range envAliases {
		require.True(t, seen[a.key], a.name)
	}
}

func TestSnapshotsConfig(t *testing.T) {
	c := mustLoad(t, "", nil)
	require.Equal(t, visual.UpdateMissing, c.Snapshots.Update)
	require.Equal(t, DefaultSnapshotsDir, c.Snapshots.Dir)
	c = mustLoad(t, "snapshots: {dir: baselines}\n", nil, "--update-snapshots=all")
	require.Equal(t, visual.UpdateAll, c.Snapshots.Update)
	require.Equal(t, filepath.Join(filepath.Dir(c.File()), "baselines"), c.SnapshotsDir(), "relative to the config file")
	c = &Config{Snapshots: SnapshotsConfig{Dir: "snaps"}}
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.Equal(t, filepath.Join(wd, "snaps"), c.SnapshotsDir(), "without a file, to the working directory")
	for yaml, want := range map[string]string{
		"snapshots: {update: some}": `config: snapshots.update: expected one of none, missing, changed, all; got "some"`,
		"snapshots: {dir: ''}":      `config: snapshots.dir: must not be empty`,
	} {
		ce := loadErr(t, yaml+"\n", nil)
		require.Contains(t, replaceDir(ce.Error()), want, yaml)
	}
}
