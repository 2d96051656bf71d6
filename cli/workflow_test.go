package cli_test

import (
	"fmt"
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
		Strategy struct {
			Matrix struct {
				Shard []int `yaml:"shard"`
			} `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// runWorkflowLocally runs the shard and merge steps of mod's .github/workflows/e2e.yml in bash
// in mod, as GitHub would: every shard of the matrix with its SHARD and SHARDS, each shard's
// uploaded report downloaded into shards/ as download-artifact lays it out, then the merge.
func runWorkflowLocally(t *testing.T, mod string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(mod, ".github", "workflows", "e2e.yml"))
	require.NoError(t, err)
	var wf workflow
	require.NoError(t, yaml.Unmarshal(b, &wf))
	step := func(job, name string) (run string, with map[string]string) {
		for _, s := range wf.Jobs[job].Steps {
			if s.Name == name {
				return s.Run, s.With
			}
		}
		t.Fatalf("workflow: job %s has no step %q", job, name)
		return "", nil
	}
	runner := t.TempDir()
	summary := filepath.Join(runner, "step_summary.md")
	bash := func(script string, env ...string) {
		t.Helper()
		cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", script)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "RUNNER_TEMP="+runner, "E2E_CMD="+wf.Env["E2E_CMD"], "CI=true",
			"GITHUB_ACTIONS=true", "GITHUB_WORKSPACE="+mod, "GITHUB_STEP_SUMMARY="+summary)
		cmd.Env = append(cmd.Env, env...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s\n%s", script, out)
	}
	shards := wf.Jobs["e2e"].Strategy.Matrix.Shard
	require.NotEmpty(t, shards, "the shard matrix")
	runShard, _ := step("e2e", "Run the shard")
	_, upload := step("e2e", "Upload the shard's report")
	_, download := step("merge", "Download the shards' reports")
	for _, n := range shards {
		_ = os.Remove(summary)
		bash(runShard, fmt.Sprintf("SHARD=%d", n), fmt.Sprintf("SHARDS=%d", len(shards)))
		md, err := os.ReadFile(summary)
		require.NoError(t, err, "shard %d wrote no step summary (the github reporter)", n)
		require.Contains(t, string(md), fmt.Sprintf(" e2e (shard %d/%d): ", n, len(shards)))
		// upload-artifact of one file, then download-artifact by pattern: <path>/<name>/<file>.
		name := strings.ReplaceAll(upload["name"], "${{ matrix.shard }}", fmt.Sprint(n))
		src := strings.ReplaceAll(upload["path"], "${{ matrix.shard }}", fmt.Sprint(n))
		body, err := os.ReadFile(filepath.Join(mod, src))
		require.NoError(t, err, "shard %d's report", n)
		dst := filepath.Join(mod, download["path"], name, filepath.Base(src))
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.WriteFile(dst, body, 0o644))
	}
	merge, _ := step("merge", "Merge the shards' reports")
	bash(merge)
}
