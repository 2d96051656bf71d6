package cli_test

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// workflow is the part of a GitHub Actions workflow runWorkflowLocally reads.
type workflow struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		If       string `yaml:"if"`
		Strategy struct {
			Matrix struct {
				Shard []int `yaml:"shard"`
			} `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []struct {
			Name string            `yaml:"name"`
			If   string            `yaml:"if"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// workflowRun is what runWorkflowLocally saw: each shard's exit code, in matrix order, and the
// merge step's exit code and output.
type workflowRun struct {
	shards   []int
	merge    int
	mergeOut string
}

// runWorkflowLocally runs the shard and merge steps of mod's .github/workflows/e2e.yml in bash
// in mod, as GitHub would: every shard of the matrix with its SHARD and SHARDS, each shard's
// uploaded folder downloaded into shards/ as download-artifact lays it out, then the merge. A
// shard or the merge may fail (exit 1) as a run with a failed flow does: the upload and the
// merge run after a failed shard, as their if: says.
func runWorkflowLocally(t *testing.T, mod string) workflowRun {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(mod, ".github", "workflows", "e2e.yml"))
	require.NoError(t, err)
	var wf workflow
	require.NoError(t, yaml.Unmarshal(b, &wf))
	step := func(job, name string) (run string, with map[string]string, cond string) {
		for _, s := range wf.Jobs[job].Steps {
			if s.Name == name {
				return s.Run, s.With, s.If
			}
		}
		t.Fatalf("workflow: job %s has no step %q", job, name)
		return "", nil, ""
	}
	runner := t.TempDir()
	summary := filepath.Join(runner, "step_summary.md")
	bash := func(script string, env ...string) (int, string) {
		t.Helper()
		cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", script)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "RUNNER_TEMP="+runner, "E2E_CMD="+wf.Env["E2E_CMD"], "CI=true",
			"GITHUB_ACTIONS=true", "GITHUB_WORKSPACE="+mod, "GITHUB_STEP_SUMMARY="+summary)
		cmd.Env = append(cmd.Env, env...)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err, "%s\n%s", script, out)
		}
		require.Contains(t, []int{0, 1}, code, "%s\n%s", script, out)
		return code, string(out)
	}
	shards := wf.Jobs["e2e"].Strategy.Matrix.Shard
	require.NotEmpty(t, shards, "the shard matrix")
	runShard, _, _ := step("e2e", "Run the shard")
	_, upload, uploadIf := step("e2e", "Upload the shard's results")
	require.Equal(t, "${{ !cancelled() }}", uploadIf, "a failed shard uploads its results too")
	require.Equal(t, "${{ !cancelled() }}", wf.Jobs["merge"].If, "the merge runs after a failed shard")
	_, download, _ := step("merge", "Download the shards' results")
	require.Equal(t, "shards", download["path"])
	require.Empty(t, download["merge-multiple"], "each shard's folder apart")
	dl, err := filepath.Match(download["pattern"], strings.ReplaceAll(upload["name"], "${{ matrix.shard }}", "1"))
	require.NoError(t, err)
	require.True(t, dl, "the download's pattern %q matches the upload's name %q", download["pattern"], upload["name"])
	require.NoError(t, os.RemoveAll(filepath.Join(mod, "shards")))
	var run workflowRun
	for _, n := range shards {
		_ = os.Remove(summary)
		code, out := bash(runShard, fmt.Sprintf("SHARD=%d", n), fmt.Sprintf("SHARDS=%d", len(shards)))
		run.shards = append(run.shards, code)
		md, err := os.ReadFile(summary)
		require.NoError(t, err, "shard %d wrote no step summary (the github reporter)\n%s", n, out)
		require.Contains(t, string(md), fmt.Sprintf(" e2e (shard %d/%d): ", n, len(shards)))
		// upload-artifact of a folder (its contents, hidden files left out, as
		// include-hidden-files defaults to), then download-artifact by pattern: <path>/<name>/.
		name := strings.ReplaceAll(upload["name"], "${{ matrix.shard }}", fmt.Sprint(n))
		src := filepath.Join(mod, strings.ReplaceAll(upload["path"], "${{ matrix.shard }}", fmt.Sprint(n)))
		dst := filepath.Join(mod, download["path"], name)
		require.FileExists(t, filepath.Join(src, "report.json"), "shard %d's report", n)
		require.NoError(t, filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && p != src {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			rel, err := filepath.Rel(src, p)
			if err != nil || d.IsDir() {
				return err
			}
			body, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755))
			return os.WriteFile(filepath.Join(dst, rel), body, 0o644)
		}))
	}
	merge, _, _ := step("merge", "Merge the shards' reports")
	run.merge, run.mergeOut = bash(merge)
	return run
}
