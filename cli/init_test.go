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
	runWorkflowLocally(t, mod)
	merged, err := report.ReadRunReport(filepath.Join(mod, "merged-results", "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.Totals{Total: 1, Passed: 1}, merged.Totals)
	require.FileExists(t, filepath.Join(mod, "merged-results", "junit.xml"))
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
