package runner

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
)

func TestScheduleRunsTheSlowestFirst(t *testing.T) {
	jobs := expand([]flows.Flow{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "new"}}, nil, 1)
	o := &output{timings: map[string]int64{"a": 100, "b": 3000, "c": 900}}
	var ids []string
	for _, j := range o.schedule(jobs) {
		ids = append(ids, j.id)
	}
	require.Equal(t, []string{"new", "b", "c", "a"}, ids, "unknown first, then by last duration")
}

func TestPrepareOutputKeepsTimingsAndRefusesForeignFolders(t *testing.T) {
	dir := t.TempDir()
	o, err := prepareOutput(dir)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "old-flow"), 0o755))
	o.saveTimings(&report.RunReport{Flows: []report.FlowReport{{ID: "login", Status: report.StatusPassed, DurationMS: 1234}}})

	o, err = prepareOutput(dir)
	require.NoError(t, err)
	require.Equal(t, map[string]int64{"login": 1234}, o.timings, "the previous run's timings survive")
	require.NoDirExists(t, filepath.Join(dir, "old-flow"), "the previous run's folders do not")

	foreign := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644))
	_, err = prepareOutput(foreign)
	require.ErrorContains(t, err, "has files e2e did not write")
	require.FileExists(t, filepath.Join(foreign, "notes.txt"))
}

func TestOneArtifactThatCannotBeWrittenDoesNotStopTheOthers(t *testing.T) {
	srv := fixture.NewTestShop(t)
	b := fixture.NewTestBrowser(t)
	env := &Env{BaseURL: srv.URL, MaxBody: 1 << 20, ActionTimeout: 5 * time.Second}
	a, err := StartAttempt(context.Background(), b, env, "x")
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.Close() })
	f, _ := a.newF(context.Background(), t)
	f.Tab.Goto("/")

	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "screenshot.png"), 0o755)) // cannot be replaced by a file
	files, err := a.WriteArtifacts(dir, dir, Outcome{Failed: true, ID: "x", Failure: &report.Failure{Message: "boom"}})
	require.ErrorContains(t, err, "screenshot")
	require.NotContains(t, files, report.ArtifactScreenshot)
	for _, kind := range []string{"har", "dom", "console", "steps", "error"} {
		require.FileExists(t, filepath.Join(dir, files[kind]), kind)
	}
}
