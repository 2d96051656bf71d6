package report_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// reportWriteAll writes r's report.json, junit.xml and index.html under dir with prefix, and
// returns their contents by name.
func reportWriteAll(t *testing.T, dir, prefix string, r *report.RunReport) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, rep := range map[string]func(string) report.Reporter{
		"report.json": report.NewJSONReporter, "junit.xml": report.NewJUnitReporter, "index.html": report.NewHTMLReporter,
	} {
		p := filepath.Join(dir, prefix+name)
		require.NoError(t, rep(p).RunEnded(r))
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		out[name] = string(b)
	}
	return out
}

// TestFlowSpoolRoundTrip puts a run's flows in a spool out of order and reads them back: the
// reports written from them are the same bytes as from the flows kept in memory.
func TestFlowSpoolRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := reportShard1(t, dir)
	want.Flows = append(want.Flows, reportShard2(t, filepath.Join(dir, "s2")).Flows...)
	for _, path := range []string{filepath.Join(dir, report.SpoolFile), filepath.Join(dir, "missing", report.SpoolFile)} {
		spool := report.NewFlowSpool(path, len(want.Flows)+1)
		if filepath.Base(filepath.Dir(path)) == "missing" {
			require.ErrorContains(t, spool.Err(), "kept in memory", "a spool that cannot be created keeps the flows in memory")
		} else {
			require.NoError(t, spool.Err())
		}
		for i := len(want.Flows) - 1; i >= 0; i-- {
			require.NoError(t, spool.Put(i, want.Flows[i]))
		}
		got := *want
		got.Flows = nil
		for i := range want.Flows {
			f, ok, err := spool.Flow(i)
			require.NoError(t, err)
			require.True(t, ok)
			got.Flows = append(got.Flows, f)
		}
		_, ok, err := spool.Flow(len(want.Flows))
		require.NoError(t, err)
		require.False(t, ok, "a flow never put")
		wantFiles, gotFiles := reportWriteAll(t, dir, "want-", want), reportWriteAll(t, dir, "got-", &got)
		for name, w := range wantFiles {
			require.True(t, w == gotFiles[name], "%s differs once the flows went through the spool", name)
		}
		require.NoError(t, spool.Close())
		require.NoFileExists(t, path, "the spool removes its file")
	}
}
