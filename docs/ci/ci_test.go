package ci_test

import (
	"io"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/e2e-dev/e2e/docs/ci"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestGitHubWorkflowLintsClean lints the workflow, as e2e init writes it, with actionlint (its
// expressions, contexts, action inputs, job needs and, through shellcheck, the run scripts): it
// reports nothing.
func TestGitHubWorkflowLintsClean(t *testing.T) {
	opts := &actionlint.LinterOptions{LogWriter: io.Discard}
	opts.Shellcheck = testenv.RequireCommand(t, "shellcheck", "apt-get install -y shellcheck (or scripts/deps.sh test)")
	l, err := actionlint.NewLinter(io.Discard, opts)
	require.NoError(t, err)
	wf := ci.For(ci.GitHubWorkflow, "./cmd/shop-e2e")
	errs, err := l.Lint(".github/workflows/e2e.yml", []byte(wf), nil)
	require.NoError(t, err)
	for _, e := range errs {
		t.Errorf("actionlint: %d:%d: %s [%s]", e.Line, e.Column, e.Message, e.Kind)
	}
	require.Contains(t, wf, "E2E_CMD: ./cmd/shop-e2e\n")
	require.NotContains(t, wf, ci.Placeholder)

	// The lint sees a mistake: a matrix key the workflow does not have.
	broken := strings.Replace(wf, "SHARD: ${{ matrix.shard }}", "SHARD: ${{ matrix.shards }}", 1)
	require.NotEqual(t, wf, broken)
	errs, err = l.Lint(".github/workflows/e2e.yml", []byte(broken), nil)
	require.NoError(t, err)
	require.NotEmpty(t, errs, "actionlint finds the undefined matrix.shards")
}

// gitlabJob is the part of a GitLab CI job the test checks.
type gitlabJob struct {
	Extends   string   `yaml:"extends"`
	Stage     string   `yaml:"stage"`
	Parallel  int      `yaml:"parallel"`
	Needs     []string `yaml:"needs"`
	When      string   `yaml:"when"`
	Script    []string `yaml:"script"`
	Artifacts struct {
		When    string   `yaml:"when"`
		Paths   []string `yaml:"paths"`
		Reports struct {
			JUnit string `yaml:"junit"`
		} `yaml:"reports"`
	} `yaml:"artifacts"`
}

// TestGitLabFragmentParses parses the GitLab fragment and checks its shape: a parallel job whose
// shards report JUnit and keep their results, and a merge job after it.
func TestGitLabFragmentParses(t *testing.T) {
	var doc map[string]yaml.Node
	src := ci.For(ci.GitLab, "./cmd/shop-e2e")
	require.NoError(t, yaml.Unmarshal([]byte(src), &doc))
	job := func(name string) gitlabJob {
		n, ok := doc[name]
		require.True(t, ok, "job %s", name)
		var j gitlabJob
		require.NoError(t, n.Decode(&j), name)
		return j
	}
	shard := job("e2e")
	require.Equal(t, ".e2e-go", shard.Extends)
	require.Greater(t, shard.Parallel, 1)
	require.Equal(t, "always", shard.Artifacts.When)
	require.Equal(t, "test-results/shard-*/junit.xml", shard.Artifacts.Reports.JUnit)
	require.Contains(t, strings.Join(shard.Script, "\n"), `run --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"`)
	merge := job("e2e-report")
	require.Equal(t, []string{"e2e"}, merge.Needs)
	require.Equal(t, "always", merge.When)
	require.Contains(t, strings.Join(merge.Script, "\n"), "merge-reports --output merged-results test-results/shard-*")
	require.Equal(t, "merged-results/junit.xml", merge.Artifacts.Reports.JUnit)
	require.Contains(t, src, "E2E_CMD: ./cmd/shop-e2e\n")
	_ = job(".e2e-go")
}
