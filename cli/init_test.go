package cli_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/cli"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// serveSmallApp is the app a new suite's sample flow meets: a home page with a heading.
func serveSmallApp(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>Tiny shop</title><main><h1>Welcome to the tiny shop</h1><p>Hello</p></main>`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// runE2E runs e2e's own command line (the commands cmd/e2e adds) and returns its exit code and
// output.
func runE2E(args ...string) (int, string) {
	var out bytes.Buffer
	code := cli.Run(flows.Suite{Name: "none"}, args, bytes.NewReader(nil), &out, &out,
		cli.WithName("e2e"), cli.WithCommand(cli.InitCommand()))
	return code, out.String()
}

// TestInitWritesASuiteThatPassesAsIs: e2e init in an empty module writes a suite whose sample
// flow passes under go test against the app, with no edits; it says what it wrote and refuses
// to overwrite without --force. The module's CI workflow then runs its shard-and-merge steps in
// shell (TestWorkflowShardAndMergeSteps's part).
func TestInitWritesASuiteThatPassesAsIs(t *testing.T) {
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	app := serveSmallApp(t)
	mod := testenv.TempModule(t, "example.com/tinyshop", map[string]string{})

	code, out := runE2E("init", mod, "--url", app)
	require.Equal(t, 0, code, out)
	for _, f := range []string{"e2e/suite.go", "e2e/home.go", "e2e/suite_test.go", "cmd/tinyshop-e2e/main.go",
		"e2e.yaml", ".github/workflows/e2e.yml", ".gitlab/e2e.gitlab-ci.yml"} {
		require.Contains(t, out, "  "+f+"\n", "init says what it wrote")
		require.FileExists(t, filepath.Join(mod, f))
	}
	home, err := os.ReadFile(filepath.Join(mod, "e2e", "home.go"))
	require.NoError(t, err)
	require.Contains(t, string(home), `h.tab.GetByRole("heading", pages.Name("Welcome to the tiny shop"))`, "the sample flow names the app's heading")

	// Never overwrites without --force: nothing is written, and it names what exists.
	require.NoError(t, os.WriteFile(filepath.Join(mod, "e2e.yaml"), []byte("# mine\n"), 0o644))
	code, out = runE2E("init", mod, "--url", app)
	require.Equal(t, 2, code)
	require.Contains(t, out, "e2e: init: files exist: e2e/suite.go, e2e/home.go, e2e/suite_test.go, cmd/tinyshop-e2e/main.go, e2e.yaml")
	b, err := os.ReadFile(filepath.Join(mod, "e2e.yaml"))
	require.NoError(t, err)
	require.Equal(t, "# mine\n", string(b))
	code, out = runE2E("init", mod, "--url", app, "--force")
	require.Equal(t, 0, code, out)

	out, rc := testenv.RunIn(t, mod, nil, "go", "mod", "tidy")
	require.Equal(t, 0, rc, out)
	out, rc = testenv.RunIn(t, mod, nil, "go", "test", "-count=1", "-v", "./...")
	require.Equal(t, 0, rc, out)
	require.Contains(t, out, "--- PASS: TestFlows/home")

	// --version: the suite's version and revision from its build info, the engine's, Chromium's.
	for _, args := range [][]string{{"init", "-q"}, {"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init", "--allow-empty"}} {
		out, rc = testenv.RunIn(t, mod, nil, "git", args...)
		require.Equal(t, 0, rc, out)
	}
	rev, rc := testenv.RunIn(t, mod, nil, "git", "rev-parse", "HEAD")
	require.Equal(t, 0, rc, rev)
	out, rc = testenv.RunIn(t, mod, []string{"GOFLAGS=-mod=mod -buildvcs=true"}, "go", "build", "-o", "bin/tinyshop-e2e", "./cmd/tinyshop-e2e")
	require.Equal(t, 0, rc, out)
	out, rc = testenv.RunIn(t, mod, nil, filepath.Join(mod, "bin", "tinyshop-e2e"), "--version")
	require.Equal(t, 0, rc, out)
	require.Regexp(t, `^tinyshop-e2e v0\.0\.0-\d+-\w+\+dirty \(example\.com/tinyshop, revision `+strings.TrimSpace(rev)+`, modified\)\n`, out)
	require.Contains(t, out, "engine github.com/e2e-dev/e2e v0.0.0 => "+testenv.Checkout(t)+"\n")
	require.Regexp(t, `(?m)^chromium: Chromium \d+\.\d+\.\d+\.\d+ \(/\S+\)$`, out)

	// The workflow's own shard and merge steps, in shell, on this module.
	run := runWorkflowLocally(t, mod)
	require.Equal(t, []int{0, 0, 0, 0}, run.shards)
	require.Equal(t, 0, run.merge, run.mergeOut)
	require.Contains(t, run.mergeOut, "Merging 4 shards: 1 flow\n", "merge-reports says it merges")
	merged, err := report.ReadRunReport(filepath.Join(mod, "merged-results", "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.Totals{Total: 1, Passed: 1}, merged.Totals)
	require.FileExists(t, filepath.Join(mod, "merged-results", "junit.xml"))

	workflowWithAFailedFlow(t, mod)
}

// workflowWithAFailedFlow adds a flow that fails to the suite in mod and runs the workflow's
// steps again: its shard fails, the others pass, and the merge (exit 1, as the run failed)
// writes the merged reports with the failed flow's evidence from the shard's uploaded folder.
// Merging folders holding only each shard's report.json still writes them, without that
// evidence, and says in one line what was missing.
func workflowWithAFailedFlow(t *testing.T, mod string) {
	suite := filepath.Join(mod, "e2e", "suite.go")
	src, err := os.ReadFile(suite)
	require.NoError(t, err)
	require.Contains(t, string(src), "Flows: []flows.Flow{home},")
	src = []byte(strings.Replace(string(src), "Flows: []flows.Flow{home},", "Flows: []flows.Flow{home, broken},", 1) + `
var broken = flows.Flow{Name: "broken", Doc: "fails on purpose", Run: func(f *flows.F) {
	page := Home{f.Tab}
	f.Step("open the home page", func() {
		page.Open()
		require.Fail(f, "fails on purpose")
	})
}}
`)
	require.NoError(t, os.WriteFile(suite, src, 0o644))

	run := runWorkflowLocally(t, mod)
	failed := 0
	for _, code := range run.shards {
		failed += code
	}
	require.Equal(t, 1, failed, "one shard failed: %v", run.shards)
	require.Equal(t, 1, run.merge, run.mergeOut)
	require.NotContains(t, run.mergeOut, "warning", "the whole folders were uploaded")
	out := filepath.Join(mod, "merged-results")
	merged, err := report.ReadRunReport(filepath.Join(out, "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.Totals{Total: 2, Passed: 1, Failed: 1}, merged.Totals)
	require.Equal(t, report.StatusFailed, merged.Status)
	require.FileExists(t, filepath.Join(out, "junit.xml"))
	require.FileExists(t, filepath.Join(out, "index.html"))
	var evidence int
	for _, f := range merged.Flows {
		for _, a := range f.Attempts {
			if f.ID != "broken" {
				continue
			}
			require.NotEmpty(t, a.Dir, "attempt %d of broken keeps its folder", a.Retry+1)
			require.FileExists(t, filepath.Join(out, a.Dir, "error.txt"))
			require.NotEmpty(t, a.Artifacts)
			for _, p := range a.Artifacts {
				require.FileExists(t, filepath.Join(out, filepath.FromSlash(p)))
				evidence++
			}
		}
	}
	require.NotZero(t, evidence, "the failed flow's evidence is merged")

	// Only each shard's report.json, as the workflow once uploaded: the merge still writes the
	// reports, exits as the run did and warns once.
	only := filepath.Join(mod, "json-only")
	var dirs []string
	shards, err := filepath.Glob(filepath.Join(mod, "test-results", "shard-*"))
	require.NoError(t, err)
	require.Len(t, shards, 4)
	for _, sh := range shards {
		b, err := os.ReadFile(filepath.Join(sh, "report.json"))
		require.NoError(t, err)
		dir := filepath.Join(only, filepath.Base(sh))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "report.json"), b, 0o644))
		dirs = append(dirs, dir)
	}
	outJSON := filepath.Join(mod, "merged-json-only")
	code, text := runE2E(append([]string{"merge-reports", "--output", outJSON}, dirs...)...)
	require.Equal(t, 1, code, text)
	var warnings []string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "warning") {
			warnings = append(warnings, line)
		}
	}
	require.Len(t, warnings, 1, text)
	require.Contains(t, warnings[0], "merge-reports: warning: missing from the shards' folders, so left out of the merged report: "+only)
	require.Contains(t, warnings[0], "/broken")
	require.True(t, strings.HasSuffix(warnings[0], ": upload each shard's whole --artifacts-dir folder, not only its report.json"), warnings[0])
	merged, err = report.ReadRunReport(filepath.Join(outJSON, "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.Totals{Total: 2, Passed: 1, Failed: 1}, merged.Totals)
	require.FileExists(t, filepath.Join(outJSON, "junit.xml"))
	require.FileExists(t, filepath.Join(outJSON, "index.html"))
	for _, f := range merged.Flows {
		for _, a := range f.Attempts {
			require.Empty(t, a.Dir, "no link to a folder that is not there")
			require.Empty(t, a.Artifacts)
		}
	}
}

// TestInitFlagsAndStorageAuth: the auth style, the database and a bad flag.
func TestInitFlagsAndStorageAuth(t *testing.T) {
	mod := testenv.TempModule(t, "example.com/x/webapp", map[string]string{})
	code, out := runE2E("init", mod, "--url", "http://127.0.0.1:1", "--auth", "storage:session.token",
		"--auth-template", "Token {{.}}", "--db-driver", "postgres", "--name", "web")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "Note: GET http://127.0.0.1:1 unreachable: the sample flow checks only that the page has a body")
	yaml, err := os.ReadFile(filepath.Join(mod, "e2e.yaml"))
	require.NoError(t, err)
	for _, want := range []string{"base_url: http://127.0.0.1:1\n", "kind: storage\n", "storage: local\n",
		"key: \"session\"\n", "path: \"token\"\n", "header: \"Authorization\"\n", "template: \"Token {{.}}\"\n", "driver: postgres\n"} {
		require.Contains(t, string(yaml), want)
	}
	cfg, err := config.Load(config.LoadOptions{Dir: mod, Env: []string{}})
	require.NoError(t, err, "e2e.yaml loads")
	require.Equal(t, config.AuthConfig{Kind: "storage", Storage: "local", Key: "session", Path: "token", Header: "Authorization", Template: "Token {{.}}"}, cfg.Backend.Auth)
	main, err := os.ReadFile(filepath.Join(mod, "cmd", "web-e2e", "main.go"))
	require.NoError(t, err)
	require.Contains(t, string(main), `"example.com/x/webapp/e2e"`)
	home, err := os.ReadFile(filepath.Join(mod, "e2e", "home.go"))
	require.NoError(t, err)
	require.Contains(t, string(home), `h.tab.Locator("body")`, "no heading to name when the app does not answer")

	// The README's module, example.com/myapp-e2e: its command is cmd/myapp-e2e, as the README runs it.
	named := testenv.TempModule(t, "example.com/myapp-e2e", map[string]string{})
	missing := httptest.NewServer(http.NotFoundHandler())
	defer missing.Close()
	code, out = runE2E("init", named, "--url", missing.URL)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "Note: GET "+missing.URL+" answered 404 Not Found: the sample flow checks only")
	require.FileExists(t, filepath.Join(named, "cmd", "myapp-e2e", "main.go"))

	code, out = runE2E("init", t.TempDir(), "--auth", "storage:")
	require.Equal(t, 2, code)
	require.Equal(t, "e2e: init: --auth \"storage:\": expected storage:KEY.PATH, like storage:session.token\n", out)
	code, out = runE2E("init", t.TempDir())
	require.Equal(t, 2, code)
	require.Contains(t, out, "is not in a Go module: run go mod init first")
}
