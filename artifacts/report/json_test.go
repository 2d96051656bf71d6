package report_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

func TestJSONReporterRoundTrip(t *testing.T) {
	dir := t.TempDir()
	r := reportWhole(t)
	path := filepath.Join(dir, "out", "report.json")
	rep := report.NewJSONReporter(path)
	reportReplay(t, rep, r)

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, json.Valid(data))
	require.Contains(t, string(data), "\n  \"flows\": [\n", "indented")
	require.Contains(t, string(data), `"duration_ms": 17000`)

	back, err := report.ReadRunReport(path)
	require.NoError(t, err)
	require.Equal(t, r, back)

	// Written atomically: nothing but the report is left in its folder.
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	require.Len(t, entries, 1)

	// A second run replaces it.
	r.Flows = r.Flows[:1]
	require.NoError(t, rep.RunEnded(r))
	back, err = report.ReadRunReport(path)
	require.NoError(t, err)
	require.Len(t, back.Flows, 1)
}

func TestReadRunReportErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := report.ReadRunReport(filepath.Join(dir, "missing.json"))
	require.ErrorIs(t, err, os.ErrNotExist)
	require.ErrorContains(t, err, "missing.json")

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"flows": [`), 0o644))
	_, err = report.ReadRunReport(bad)
	require.ErrorContains(t, err, "bad.json")

	other := filepath.Join(dir, "other.json")
	require.NoError(t, os.WriteFile(other, []byte(`{"name": "not a report"}`), 0o644))
	_, err = report.ReadRunReport(other)
	require.ErrorContains(t, err, "not an e2e run report")

	require.Error(t, report.NewJSONReporter(filepath.Join(dir, "x.json")).RunEnded(nil))
}

func TestJSONReporterUnwritable(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	err := report.NewJSONReporter(filepath.Join(file, "report.json")).RunEnded(&report.RunReport{})
	require.Error(t, err)
	require.True(t, strings.Contains(err.Error(), "json report"), err.Error())
}
