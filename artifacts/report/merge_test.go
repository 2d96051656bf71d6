package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// reportShards writes both fixture shards with their artifacts into root/shard-1 and
// root/shard-2, each with its report.json, and reads them back as the CLI does.
func reportShards(t *testing.T, root string) ([]*report.RunReport, []string) {
	t.Helper()
	dirs := []string{filepath.Join(root, "shard-1"), filepath.Join(root, "shard-2")}
	rs := []*report.RunReport{reportShard1(t, dirs[0]), reportShard2(t, dirs[1])}
	for i, r := range rs {
		path := filepath.Join(dirs[i], "report.json")
		require.NoError(t, report.NewJSONReporter(path).RunEnded(r))
		back, err := report.ReadRunReport(path)
		require.NoError(t, err)
		rs[i] = back
	}
	return rs, dirs
}

// reportFileIs checks that the report-relative file rel under dir holds want.
func reportFileIs(t *testing.T, dir, rel, want string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	require.NoError(t, err)
	require.Equal(t, want, string(b))
}

func TestMergeRunReports(t *testing.T) {
	root := t.TempDir()
	rs, dirs := reportShards(t, root)
	out := filepath.Join(root, "merged")

	// Given out of order: shard 2 first. The merge orders them by shard index.
	m, _, err := report.MergeRunReports([]*report.RunReport{rs[1], rs[0]}, []string{dirs[1], dirs[0]}, out)
	require.NoError(t, err)

	var ids []string
	for _, f := range m.Flows {
		ids = append(ids, f.ID)
	}
	require.Equal(t, []string{"login", "add favourite", `search "shoes" & <b>boots</b>`, "checkout", "Add favourite!", "profile", "admin"}, ids)
	require.Equal(t, report.Totals{Total: 7, Passed: 2, Failed: 2, Flaky: 1, Skipped: 1, Interrupted: 1}, m.Totals)
	require.Equal(t, report.StatusFailed, m.Status)
	require.Equal(t, reportT0, m.Started)
	// Shard 1 ran 0-12.3s, shard 2 2s-17s.
	require.Equal(t, int64(17_000), m.DurationMS)
	require.Equal(t, 5, m.Workers)
	require.Empty(t, m.Shard)
	require.Equal(t, "http://127.0.0.1:8080", m.BaseURL)

	// Shard 1 keeps its folder names; shard 2's clashing one is renamed.
	fav := m.Flows[1].Attempts
	require.Equal(t, "add-favourite", fav[0].Dir)
	require.Equal(t, "add-favourite/screenshot.png", fav[0].Artifacts[report.ArtifactScreenshot])
	require.Equal(t, "add-favourite-retry1", fav[1].Dir)
	clash := m.Flows[4].Attempts[0]
	require.Equal(t, "add-favourite-shard2", clash.Dir)
	for kind, name := range report.ArtifactFiles {
		require.Equal(t, "add-favourite-shard2/"+name, clash.Artifacts[kind])
	}
	reportFileIs(t, out, fav[0].Artifacts[report.ArtifactError], "error of shard1 add favourite retry0\n")
	reportFileIs(t, out, fav[1].Artifacts[report.ArtifactConsole], "console of shard1 add favourite retry1\n")
	reportFileIs(t, out, clash.Artifacts[report.ArtifactError], "error of shard2 Add favourite!\n")
	reportFileIs(t, out, m.Flows[3].Attempts[0].Artifacts[report.ArtifactSteps], "steps of shard2 checkout retry0\n")

	// The inputs are left alone.
	require.Equal(t, "add-favourite", rs[1].Flows[1].Attempts[0].Dir)
	require.Equal(t, "add-favourite/error.txt", rs[1].Flows[1].Attempts[0].Artifacts[report.ArtifactError])

	// Every file reporter can write into the merged folder, and index.html's links work there.
	for _, rep := range []report.Reporter{
		report.NewJSONReporter(filepath.Join(out, "report.json")),
		report.NewJUnitReporter(filepath.Join(out, "junit.xml")),
		report.NewHTMLReporter(filepath.Join(out, "index.html")),
	} {
		require.NoError(t, rep.RunEnded(m))
	}
	html, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	require.Contains(t, string(html), `href="./add-favourite-shard2/network.har"`)

	// Merging again into the same folder replaces the previous merge.
	m2, _, err := report.MergeRunReports(rs, dirs, out)
	require.NoError(t, err)
	require.Equal(t, "add-favourite-shard2", m2.Flows[4].Attempts[0].Dir)
	_, err = os.Stat(filepath.Join(out, "index.html"))
	require.ErrorIs(t, err, os.ErrNotExist, "the previous merge's files are removed")
}

func TestMergeRunReportsDuplicateID(t *testing.T) {
	root := t.TempDir()
	rs, dirs := reportShards(t, root)
	rs[1].Flows = append(rs[1].Flows, report.FlowReport{ID: "login", Name: "login", Status: report.StatusPassed})
	_, _, err := report.MergeRunReports(rs, dirs, filepath.Join(root, "merged"))
	require.ErrorContains(t, err, `flow "login" is in both shard 1/2 (`+dirs[0]+`) and shard 2/2 (`+dirs[1]+`)`)

	_, _, err = report.MergeRunReports([]*report.RunReport{rs[0], rs[0]}, []string{dirs[0], dirs[0]}, filepath.Join(root, "merged"))
	require.ErrorContains(t, err, `flow "login"`)
}

func TestMergeRunReportsErrors(t *testing.T) {
	root := t.TempDir()
	rs, dirs := reportShards(t, root)

	_, _, err := report.MergeRunReports(nil, nil, filepath.Join(root, "m"))
	require.ErrorContains(t, err, "no reports")
	_, _, err = report.MergeRunReports(rs, dirs[:1], filepath.Join(root, "m"))
	require.ErrorContains(t, err, "2 reports but 1 folders")
	_, _, err = report.MergeRunReports(rs, dirs, dirs[0])
	require.ErrorContains(t, err, "is the folder of report 1")

	// A folder outside the shard's: the previous merge stays as it was.
	prev := filepath.Join(root, "m")
	_, _, err = report.MergeRunReports(rs, dirs, prev)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(prev, "report.json"), []byte("previous"), 0o644))
	kept := rs[0].Flows[1].Attempts[0].Dir
	rs[0].Flows[1].Attempts[0].Dir = "../elsewhere"
	_, _, err = report.MergeRunReports(rs, dirs, prev)
	require.ErrorContains(t, err, `shard 1/2 (`+dirs[0]+`): flow "add favourite" attempt 1: artifact folder: "../elsewhere" is not inside the shard's folder`)
	reportFileIs(t, prev, "report.json", "previous")
	rs[0].Flows[1].Attempts[0].Dir = kept

	// An output folder with someone else's files is not emptied.
	user := filepath.Join(root, "user")
	require.NoError(t, os.MkdirAll(user, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(user, "notes.txt"), []byte("mine"), 0o644))
	_, _, err = report.MergeRunReports(rs[:1], dirs[:1], user)
	require.ErrorContains(t, err, "has files e2e did not write (notes.txt)")
	reportFileIs(t, user, "notes.txt", "mine")
}

// TestMergeRunReportsWithoutArtifacts: a shard whose folder holds only its report.json (its
// artifact folders were not uploaded) still merges, its attempts without their evidence links,
// and the merge lists what was missing.
func TestMergeRunReportsWithoutArtifacts(t *testing.T) {
	root := t.TempDir()
	rs, dirs := reportShards(t, root)
	entries, err := os.ReadDir(dirs[1])
	require.NoError(t, err)
	for _, e := range entries {
		if e.Name() != "report.json" {
			require.NoError(t, os.RemoveAll(filepath.Join(dirs[1], e.Name())))
		}
	}
	out := filepath.Join(root, "merged")
	m, missing, err := report.MergeRunReports(rs, dirs, out)
	require.NoError(t, err)
	require.Equal(t, report.Totals{Total: 7, Passed: 2, Failed: 2, Flaky: 1, Skipped: 1, Interrupted: 1}, m.Totals)
	require.Equal(t, report.StatusFailed, m.Status)
	require.Contains(t, missing, filepath.Join(dirs[1], "checkout"))
	require.Contains(t, missing, filepath.Join(dirs[1], "add-favourite"))
	for _, p := range missing {
		require.True(t, strings.HasPrefix(p, dirs[1]+string(filepath.Separator)), "only shard 2 lacks files: %s", p)
	}
	for _, f := range m.Flows[3:] { // shard 2's flows: no links to what is not there
		for _, a := range f.Attempts {
			require.Empty(t, a.Dir, f.ID)
			require.Empty(t, a.Artifacts, f.ID)
			for _, d := range a.ImageDiffs {
				require.Empty(t, d.Expected+d.Actual+d.Diff, f.ID)
			}
		}
	}
	// Shard 1's evidence is merged as ever, and every report writes.
	reportFileIs(t, out, m.Flows[1].Attempts[0].Artifacts[report.ArtifactError], "error of shard1 add favourite retry0\n")
	for _, rep := range []report.Reporter{
		report.NewJSONReporter(filepath.Join(out, "report.json")),
		report.NewJUnitReporter(filepath.Join(out, "junit.xml")),
		report.NewHTMLReporter(filepath.Join(out, "index.html")),
	} {
		require.NoError(t, rep.RunEnded(m))
	}
	html, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	require.NotContains(t, string(html), "add-favourite-shard2")
}

func TestMergeRunReportsIntoParentOfShards(t *testing.T) {
	// Shards downloaded into the output folder itself, as CI artifact downloads often are.
	root := t.TempDir()
	rs, dirs := reportShards(t, root)
	m, _, err := report.MergeRunReports(rs, dirs, root)
	require.NoError(t, err)
	for _, f := range m.Flows {
		for _, a := range f.Attempts {
			require.False(t, strings.HasPrefix(a.Dir, "shard-"), a.Dir)
		}
	}
	reportFileIs(t, root, m.Flows[4].Attempts[0].Artifacts[report.ArtifactError], "error of shard2 Add favourite!\n")
	reportFileIs(t, dirs[0], "add-favourite/error.txt", "error of shard1 add favourite retry0\n")
}

func TestMergeRunReportsStatus(t *testing.T) {
	root := t.TempDir()
	mk := func(name string, st report.Status, flows ...report.FlowReport) (*report.RunReport, string) {
		r := &report.RunReport{Started: reportT0, DurationMS: 1000, Status: st, Workers: 1, Flows: flows}
		for _, f := range flows {
			r.Totals.Add(f.Status)
		}
		return r, filepath.Join(root, name)
	}
	passed := func(id string) report.FlowReport {
		return report.FlowReport{ID: id, Status: report.StatusPassed}
	}
	a, da := mk("a", report.StatusPassed, passed("a"))
	b, db := mk("b", report.StatusInterrupted, passed("b"), report.FlowReport{ID: "c", Status: report.StatusInterrupted})
	m, _, err := report.MergeRunReports([]*report.RunReport{a, b}, []string{da, db}, filepath.Join(root, "m1"))
	require.NoError(t, err)
	require.Equal(t, report.StatusInterrupted, m.Status)
	require.Equal(t, []string{"a", "b", "c"}, []string{m.Flows[0].ID, m.Flows[1].ID, m.Flows[2].ID}, "shards without an index keep the order given")

	// A shard run with --fail-on-flaky failed on a flaky flow: so does the merge.
	f, df := mk("f", report.StatusFailed, report.FlowReport{ID: "f", Status: report.StatusFlaky})
	m, _, err = report.MergeRunReports([]*report.RunReport{a, f}, []string{da, df}, filepath.Join(root, "m2"))
	require.NoError(t, err)
	require.Equal(t, report.StatusFailed, m.Status)

	b.Started = reportT0.Add(-time.Minute)
	m, _, err = report.MergeRunReports([]*report.RunReport{a, b}, []string{da, db}, filepath.Join(root, "m3"))
	require.NoError(t, err)
	require.Equal(t, b.Started, m.Started)
	require.Equal(t, int64(61_000), m.DurationMS)
}
