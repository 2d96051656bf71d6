package cli_test

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/doccheck"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestTutorialWorksInAModuleOfItsOwn builds docs/tutorial.md's example module in a temp folder (its
// go blocks that name a file, as internal/doccheck reads them, and a replace to this checkout),
// then runs its two-flow suite through its own main and through go test: two workers, a retry
// that makes a flow flaky, all four file reports, two shards merged, and the complete evidence of
// a failing flow.
func TestTutorialWorksInAModuleOfItsOwn(t *testing.T) {
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	_, err = exec.LookPath("go")
	testenv.Require(t, err == nil, "go", "install Go")
	checkout, err := filepath.Abs("..")
	require.NoError(t, err)
	mod := t.TempDir()
	files, err := doccheck.ModuleFiles(filepath.Join(checkout, "docs", "tutorial.md"))
	require.NoError(t, err)
	require.Len(t, files, 5, "the tutorial's files")
	for name, body := range files {
		require.NoError(t, os.MkdirAll(filepath.Join(mod, filepath.Dir(name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(mod, name), []byte(body), 0o644))
	}
	gomod := "module " + doccheck.ModulePath + "\n\ngo 1.26\n\nrequire github.com/e2e-dev/e2e v0.0.0\n\nreplace github.com/e2e-dev/e2e => " + checkout + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644))
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "CI=", "GITHUB_ACTIONS=", "TMPDIR="+testenv.ShortTempDir(t))
	sh := func(wantCode int, extraEnv []string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = mod, append(append([]string{}, env...), extraEnv...)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err)
		}
		require.Equal(t, wantCode, code, "%s %s:\n%s", name, strings.Join(args, " "), out)
		return string(out)
	}
	sh(0, nil, "go", "mod", "tidy")
	bin := filepath.Join(mod, "bin", "myapp-e2e")
	sh(0, nil, "go", "build", "-o", bin, "./cmd/myapp-e2e")

	out := sh(0, nil, bin, "list")
	require.Regexp(t, `(?m)^home +the form is there$`, out)
	require.Regexp(t, `(?m)^greet +a greeting reaches the page and the API$`, out)

	// Two workers, a retry that turns greet flaky, all four reports.
	out = sh(0, []string{"DEMO_FAULT=flaky"}, bin, "run", "--workers", "2", "--retries", "1", "--reporter", "list,junit,json,html")
	require.Contains(t, out, "1 passed, 0 failed, 1 flaky")
	rep, err := report.ReadRunReport(filepath.Join(mod, "test-results", "report.json"))
	require.NoError(t, err)
	require.Equal(t, 2, rep.Workers)
	require.Equal(t, report.Totals{Total: 2, Passed: 1, Flaky: 1}, rep.Totals)
	workers := map[int]bool{}
	for _, f := range rep.Flows {
		workers[f.Attempts[0].Worker] = true
		if f.ID == "greet" {
			require.Equal(t, report.StatusFlaky, f.Status)
			require.Contains(t, f.Attempts[0].Failure.Message, "POST /greet answered 500: greeting refused")
		}
	}
	require.Len(t, workers, 2, "both workers ran a flow")
	var junit struct {
		Tests int `xml:"tests,attr"`
	}
	b, err := os.ReadFile(filepath.Join(mod, "test-results", "junit.xml"))
	require.NoError(t, err)
	require.NoError(t, xml.Unmarshal(b, &junit))
	require.Equal(t, 2, junit.Tests)
	require.FileExists(t, filepath.Join(mod, "test-results", "index.html"))

	// --fail-on-flaky fails the run on greet's retry, and says so: in the summary and, in GitHub
	// Actions, as an ::error, not a ::warning.
	out = sh(1, []string{"DEMO_FAULT=flaky", "GITHUB_ACTIONS=true", "GITHUB_STEP_SUMMARY=" + filepath.Join(t.TempDir(), "summary.md")},
		bin, "run", "--grep", "greet", "--retries", "1", "--fail-on-flaky")
	require.Regexp(t, `\n  0 passed, 0 failed, 1 flaky, 0 skipped \([^)]+\)\n  failed: 1 flaky flow and --fail-on-flaky\n`, out)
	require.Regexp(t, `(?m)^::error (file=[^,]+,line=\d+,)?title=greet \(flaky%3A passed on a retry; --fail-on-flaky fails the run\)::.*greeting refused`, out)
	require.NotContains(t, out, "::warning")

	// Two shards, merged.
	require.Equal(t, "home\n", sh(0, nil, bin, "run", "--shard", "1/2", "--list"))
	sh(0, nil, bin, "run", "--shard", "1/2", "--artifacts-dir", "shard1")
	sh(0, nil, bin, "run", "--shard", "2/2", "--artifacts-dir", "shard2")
	out = sh(0, nil, bin, "merge-reports", "shard1", "shard2")
	require.Contains(t, out, "2 passed")
	merged, err := report.ReadRunReport(filepath.Join(mod, "merged-results", "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.Totals{Total: 2, Passed: 2}, merged.Totals)

	// A failing flow's complete evidence.
	out = sh(1, []string{"DEMO_FAULT=broken"}, bin, "run", "--grep", "greet")
	require.Contains(t, out, "0 passed, 1 failed")
	dir := filepath.Join(mod, "test-results", "greet")
	for _, f := range []string{"screenshot.png", "network.har", "dom.html", "console.log", "steps.log", "error.txt"} {
		require.FileExists(t, filepath.Join(dir, f))
	}
	errTxt, err := os.ReadFile(filepath.Join(dir, "error.txt"))
	require.NoError(t, err)
	require.Contains(t, string(errTxt), "flow: greet\nstep: greet\nerror: page: expected a success, found POST /greet answered 500: greeting refused\n")

	// go test through the same runner: two workers, the flaky retry, the file reports, -run.
	out = sh(0, []string{"DEMO_FAULT=flaky", "E2E_WORKERS=2", "E2E_RETRIES=1", "E2E_RUN_REPORTERS=json"}, "go", "test", "-v", "-count=1", "./suite")
	require.Contains(t, out, "--- PASS: TestFlows/greet")
	require.Contains(t, out, "attempt 1 of 2 (failed): artifacts in")
	require.Contains(t, out, "flaky: attempt 2 of 2 passed, after 1 failed")
	rep, err = report.ReadRunReport(filepath.Join(mod, "suite", "test-results", "report.json"))
	require.NoError(t, err)
	require.Equal(t, 2, rep.Workers)
	require.Equal(t, report.Totals{Total: 2, Passed: 1, Flaky: 1}, rep.Totals)
	out = sh(1, []string{"DEMO_FAULT=broken"}, "go", "test", "-v", "-count=1", "-run", "TestFlows/greet", "./suite")
	require.NotContains(t, out, "TestFlows/home", "-run selects the flow")
	require.Contains(t, out, "error: page: expected a success, found POST /greet answered 500: greeting refused", "the subtest fails with error.txt")
}
