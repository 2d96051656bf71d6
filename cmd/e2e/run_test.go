package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/backend"
)

// TestRunPassesWithTheBuiltInShop is scripts/run's job: seven passing flows in headless
// Chromium, exit 0, and no Chromium left running.
func TestRunPassesWithTheBuiltInShop(t *testing.T) {
	c := newCLI(t)
	code := c.run("run")
	out := c.out.String()
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, c.errb)
	require.Equal(t, 7, strings.Count(out, "✓"), out)
	require.Contains(t, out, "7 passed")
	for _, name := range []string{"signup", "login", "protected redirect", "profile", "add favourite", "remove favourite", "logout"} {
		require.Regexp(t, `✓ +\[\d/7\] `+name+`( @\w+)* \(\d`, out)
	}
}

// TestTheProgramRunsItsFlowsWithoutRun: "e2e --grep X" is "e2e run --grep X"; a mistyped
// command is still an error that names the closest one, and a mistyped flag one that names it.
func TestTheProgramRunsItsFlowsWithoutRun(t *testing.T) {
	c := newCLI(t)
	code := c.run("--grep", "^login$", "--workers", "1")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Regexp(t, `✓ +\[1/1\] login @smoke \(\d`, c.out.String())
	require.Contains(t, c.out.String(), "1 passed")

	c = newCLI(t)
	require.Equal(t, 2, c.run("lsit"))
	require.Equal(t, `e2e: unknown command "lsit" (did you mean list?) (see e2e --help)`, strings.TrimSpace(c.errb.String()))
	require.Empty(t, c.out.String(), "nothing ran")

	c = newCLI(t)
	require.Equal(t, 2, c.run("--wrokers", "2"))
	require.Equal(t, "e2e: unknown flag: --wrokers (see e2e --help)", strings.TrimSpace(c.errb.String()))
}

// TestRunAgainstASeparateShop starts `e2e shop` and points `e2e run --base-url` at it.
func TestRunAgainstASeparateShop(t *testing.T) {
	shopCLI := newCLI(t)
	shopCLI.start("shop", "--addr", "127.0.0.1:0")
	shopCLI.waitOutput(regexp.MustCompile(`serving http://127\.0\.0\.1:\d+`), 30*time.Second)
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(shopCLI.out.String())

	c := newCLI(t)
	code := c.run("run", "--base-url", url, "--workers", "2")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.out.String(), "7 passed")

	require.NoError(t, shopCLI.cmd.Process.Signal(syscall.SIGINT))
	require.Equal(t, 0, shopCLI.wait(), shopCLI.errb.String())
}

// TestSetupErrorsExitTwoWithOneLine covers the errors a user can cause before anything runs.
func TestSetupErrorsExitTwoWithOneLine(t *testing.T) {
	closed := "http://127.0.0.1:1"
	cases := []struct {
		name  string
		file  string // e2e.yaml
		env   []string
		args  []string
		want  string
		keeps bool // the last run's artifacts are kept (the run stopped before emptying them)
	}{
		{name: "unknown key", file: "browsr:\n  bin: x\n", want: `config: unknown key "browsr.bin" in e2e.yaml (did you mean "browser.bin"?)`, keeps: true},
		{name: "wrong type", env: []string{"E2E_TIMEOUTS_FLOW=soon"}, want: `config: timeouts.flow: expected a duration like "30s", got "soon"`, keeps: true},
		{name: "malformed url", args: []string{"--base-url", "ftp:/x"}, want: "config: base_url: expected an http(s) URL"},
		{name: "no chromium", args: []string{"--browser-bin", "/nonexistent/chromium"}, want: `browser.bin "/nonexistent/chromium": no such file: install chromium or fix browser.bin`, keeps: true},
		{name: "browser not on PATH", args: []string{"--browser-bin", "fakechrome"}, want: `browser.bin "fakechrome": not found on PATH (give a path, like ./fakechrome, for one elsewhere): install chromium or fix browser.bin`, keeps: true},
		{name: "not a chromium", args: []string{"--browser-bin", "/bin/true"}, want: "launch chromium /bin/true: it exited at start (is browser.bin a Chromium?): no output"},
		{name: "headed without a display", env: []string{"DISPLAY=", "WAYLAND_DISPLAY="}, args: []string{"--headed"}, keeps: true,
			want: "a visible browser needs a display and DISPLAY is not set: run under xvfb-run, or drop --headed"},
		{name: "debug without a display", env: []string{"DISPLAY=", "WAYLAND_DISPLAY="}, args: []string{"--debug"}, keeps: true,
			want: "a visible browser needs a display and DISPLAY is not set: run under xvfb-run, or drop --debug"},
		{name: "no chromium on PATH", env: []string{"PATH=/nonexistent"}, want: "no Chromium found: install chromium or set browser.bin", keeps: true},
		{name: "unreachable base url", args: []string{"--base-url", closed}, want: "base_url " + closed + ": unreachable (connection refused): start the app or fix base_url"},
		{name: "unreachable base url with a password", args: []string{"--base-url", "http://admin:S3CRETPW@127.0.0.1:1"},
			want: "base_url http://admin:[REDACTED]@127.0.0.1:1: unreachable (connection refused): start the app or fix base_url"},
		{name: "missing database with a password", args: []string{"--db-dsn", "file:/nonexistent/x.db?_auth_pass=S3CRETPW"},
			want: "file:/nonexistent/x.db?_auth_pass=[REDACTED]"},
		{name: "unknown database driver", args: []string{"--db-driver", "oracle", "--db-dsn", "x"},
			want: `config: backend.db.driver: expected one of sqlite, postgres, mysql, got "oracle"`},
		{name: "unreachable postgres", args: []string{"--db-driver", "postgres", "--db-dsn", "postgres://app:S3CRETPW@127.0.0.1:1/app"},
			want: `open postgres database 127.0.0.1:1/app as "app": unreachable (connection refused): start the database or fix the host and port in backend.db.dsn`},
		{name: "malformed mysql dsn", args: []string{"--db-driver", "mysql", "--db-dsn", "app:S3CRETPW@tcp(127.0.0.1:1/app"},
			want: "backend.db.dsn: malformed mysql DSN"},
		{name: "grid down", args: []string{"--remote-kind", "selenium", "--remote-url", closed},
			want: "selenium grid " + closed + ": unreachable (connection refused): start the grid or fix browser.remote.url"},
		{name: "unknown flag", args: []string{"--wrokers", "2"}, want: "unknown flag: --wrokers", keeps: true},
		{name: "not a number", args: []string{"--workers", "two"}, want: `invalid argument "two" for "-j, --workers" flag: expected an integer (see e2e --help)`, keeps: true},
		{name: "no flow matches", args: []string{"--grep", "nomatch"}, want: `no flow matches --grep "nomatch": see e2e list`, keeps: true},
		{name: "bad audit level", file: "audit:\n  security:\n    csp: loud\n",
			want: `audit.security.csp: expected one of off, warn, fail; got "loud"`},
		{name: "bad step budget", file: "audit:\n  budgets:\n    steps:\n      \"log in\": fast\n",
			want: `audit.budgets.steps: "log in": expected a duration like "2s", got "fast"`},
		{name: "broken route regexp", file: "network:\n  routes:\n    - {action: abort, regexp: \"/api/(\"}\n",
			want: `config: network.routes: entry 1: route ~/api/(: url regexp "/api/(": missing closing ): ` + "`/api/(`"},
		{name: "unreadable HAR", file: "network:\n  routes:\n    - {action: har, url: \"/api/**\", har: /nonexistent/api.har}\n",
			want: "config: network.routes: entry 1: route /api/**: har: open /nonexistent/api.har: no such file or directory"},
		{name: "no such project", args: []string{"--project", "mobile"},
			want: `--project "mobile": the suite and the configuration declare no project (projects:)`},
		{name: "misspelt project", file: "projects:\n  - {name: desktop}\n  - {name: mobile, device: Pixel 2}\n", args: []string{"--project", "mobil"},
			want: `--project "mobil": no such project; the projects are desktop, mobile`},
		{name: "misspelt device", file: "projects:\n  - {name: mobile, device: Pixle 2}\n",
			want: `config: projects: entry 1 (mobile): device: "Pixle 2" is not in rod's device list (did you mean "Pixel 2"?)`},
		{name: "probability outside 0-1", env: []string{`E2E_NETWORK_ROUTES=[{"action":"abort","method":"GET","url":"/api/*","probability":5}]`},
			want: "config: network.routes: entry 1: probability: expected a number from 0 to 1, got 5 (from E2E_NETWORK_ROUTES)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t, tc.env...)
			if tc.file != "" {
				require.NoError(t, os.WriteFile(filepath.Join(c.dir, "e2e.yaml"), []byte(tc.file), 0o644))
			}
			// The last run's evidence, which a run that cannot start must keep.
			last := filepath.Join(c.dir, "test-results", "login", "error.txt")
			require.NoError(t, os.MkdirAll(filepath.Dir(last), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(c.dir, "test-results", ".e2e-output"), nil, 0o644))
			require.NoError(t, os.WriteFile(last, []byte("the last run's failure"), 0o644))
			code := c.run(append([]string{"run"}, tc.args...)...)
			stderr := strings.TrimSpace(c.errb.String())
			require.Equal(t, 2, code, "stderr: %s", stderr)
			if tc.keeps {
				require.FileExists(t, last, "a run that could not start emptied the last run's artifacts")
			}
			require.Contains(t, stderr, tc.want)
			require.NotContains(t, stderr, "\n", "one line")
			require.NotContains(t, stderr, "panic")
			require.NotContains(t, stderr, "S3CRETPW")
		})
	}
}

// TestListShowsWhatRunWouldRun: e2e list and e2e run --list agree under --grep, --shard and
// --repeat-each.
func TestListShowsWhatRunWouldRun(t *testing.T) {
	args := []string{"--grep", "^(add favourite|remove favourite|profile|protected redirect)$", "--shard", "2/3", "--repeat-each", "2"}
	c := newCLI(t)
	require.Equal(t, 0, c.run(append([]string{"run", "--list"}, args...)...), c.errb.String())
	ids := strings.Fields(strings.ReplaceAll(strings.TrimSpace(c.out.String()), " ", "_"))
	require.NotEmpty(t, ids)

	c = newCLI(t)
	require.Equal(t, 0, c.run(append([]string{"list"}, args...)...), c.errb.String())
	lines := strings.Split(strings.TrimSpace(c.out.String()), "\n")
	require.Equal(t, fmt.Sprintf("%d flows", len(ids)), lines[len(lines)-1])
	for i, id := range ids {
		require.True(t, strings.HasPrefix(strings.ReplaceAll(lines[i], " ", "_"), id+"__"), "line %d: %q, want %s", i, lines[i], id)
	}
	require.Contains(t, c.out.String(), "profile#1  ", "each repetition is listed")
	require.NotContains(t, c.out.String(), "on request", "--grep chose the flows")

	c = newCLI(t)
	require.Equal(t, 0, c.run("list"), c.errb.String())
	require.Contains(t, c.out.String(), "\n7 flows\nand 8 on request, which run only when --grep names their tag: @security, @fault, @visual\n")
}

// TestListShowsEachProject: with projects, each flow is listed once per project --project
// picks, its id starting with the project.
func TestListShowsEachProject(t *testing.T) {
	c := newCLI(t)
	require.NoError(t, os.WriteFile(filepath.Join(c.dir, "e2e.yaml"), []byte("projects:\n  - {name: desktop}\n  - {name: mobile, device: Pixel 2}\n  - {name: dark, color_scheme: dark}\n"), 0o644))
	require.Equal(t, 0, c.run("list", "--grep", "^log", "--project", "mobile,dark"), c.errb.String())
	var ids []string
	for _, line := range strings.Split(strings.TrimSpace(c.out.String()), "\n") {
		id, _, _ := strings.Cut(line, "  ")
		ids = append(ids, id)
	}
	require.Equal(t, []string{"[mobile] login", "[mobile] logout", "[dark] login", "[dark] logout", "4 flows"}, ids)
}

// TestShopSetupErrorsExitTwoWithOneLine covers e2e shop's own setup errors.
func TestShopSetupErrorsExitTwoWithOneLine(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()
	addr := taken.Addr().String()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", addr}, "shop: --addr " + addr + ": address already in use: stop what listens there or choose another --addr"},
		{[]string{"--db", "/nonexistent/dir/shop.db"}, "shop: --db /nonexistent/dir/shop.db: no folder /nonexistent/dir: create it or choose another --db"},
		{[]string{"--fault", "PUT /x"}, "fault"},
	} {
		c := newCLI(t)
		code := c.run(append([]string{"shop", "--addr", "127.0.0.1:0"}, tc.args...)...)
		stderr := strings.TrimSpace(c.errb.String())
		require.Equal(t, 2, code, "stderr: %s", stderr)
		require.Contains(t, stderr, tc.want)
		require.NotContains(t, stderr, "\n", "one line")
	}
}

// TestInterruptWritesReportsAndExits130 sends SIGINT to a real run while its flows hang on a
// page the shop never answers.
func TestInterruptWritesReportsAndExits130(t *testing.T) {
	shopCLI := newCLI(t)
	db := filepath.Join(shopCLI.dir, "shop.db")
	shopCLI.start("shop", "--addr", "127.0.0.1:0", "--db", db, "--fault", "GET /login=hang")
	shopCLI.waitOutput(regexp.MustCompile(`serving http://127\.0\.0\.1:\d+`), 30*time.Second)
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(shopCLI.out.String())

	c := newCLI(t)
	c.start("run", "--base-url", url, "--workers", "2", "--reporter", "list,json,junit,html")
	// Every flow signs up, then is sent to /login, which hangs: two users mean two hung flows.
	waitForUsers(t, db, 2)
	require.NoError(t, c.cmd.Process.Signal(syscall.SIGINT))
	code := c.wait()
	require.Equal(t, 130, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.errb.String(), "interrupted")

	rep, err := report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.StatusInterrupted, rep.Status)
	require.Equal(t, report.Totals{Total: 7, Interrupted: 7}, rep.Totals, "2 flows were running, 5 waiting")
	for _, f := range []string{"junit.xml", "index.html"} {
		require.FileExists(t, filepath.Join(c.dir, "test-results", f))
	}
	running := 0
	for _, f := range rep.Flows {
		if len(f.Attempts) > 0 {
			running++
			require.FileExists(t, filepath.Join(c.dir, "test-results", f.Attempts[0].Artifacts["screenshot"]), "an interrupted flow keeps its evidence")
		}
	}
	require.Equal(t, 2, running)
}

// waitForUsers waits until the shop's database at path has n users.
func waitForUsers(t *testing.T, path string, n int) {
	t.Helper()
	db, err := backend.OpenDB("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	timeout := time.After(time.Minute)
	for {
		count, err := db.Count(context.Background(), "users")
		if err == nil && count >= n {
			return
		}
		select {
		case <-tick.C:
		case <-timeout:
			t.Fatalf("%d users never signed up (last count %d, %v)", n, count, err)
		}
	}
}

// TestTwoAddressesForOneApp lets the browser open the built-in shop under one address
// (localhost) while the backend probes call it under another (127.0.0.1), as with a remote
// browser that reaches the app by another name.
func TestTwoAddressesForOneApp(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())

	c := newCLI(t)
	code := c.run("run", "--shop-addr", fmt.Sprintf("127.0.0.1:%d", port),
		"--base-url", fmt.Sprintf("http://localhost:%d", port), "--reporter", "list,json", "--artifacts-mode", "on")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.out.String(), "7 passed")

	rep, err := report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
	require.NoError(t, err)
	require.Equal(t, fmt.Sprintf("http://localhost:%d", port), rep.BaseURL)
	har, err := os.ReadFile(filepath.Join(c.dir, "test-results", rep.Flows[0].Attempts[0].Artifacts["har"]))
	require.NoError(t, err)
	require.Contains(t, string(har), fmt.Sprintf(`"url": "http://localhost:%d/signup"`, port), "the browser used the base URL")
}

// TestGrepChoosesOnRequestFlowsByTag: --grep @security lists the shop's security flows, and
// --grep favourite no longer the security and fault flows whose names hold it.
func TestGrepChoosesOnRequestFlowsByTag(t *testing.T) {
	list := func(args ...string) []string {
		t.Helper()
		c := newCLI(t)
		require.Equal(t, 0, c.run(append([]string{"list"}, args...)...), c.errb.String())
		var names []string
		for _, line := range strings.Split(strings.TrimSpace(c.out.String()), "\n") {
			name, _, _ := strings.Cut(line, "  ")
			names = append(names, name)
		}
		return names
	}
	require.Equal(t, []string{"security: another user's favourites", "security: state changes need the session's token",
		"security: typed script never runs", "3 flows"}, list("--grep", "@security"))
	require.Equal(t, []string{"add favourite", "remove favourite", "2 flows"}, list("--grep", "favourite"))
	require.Equal(t, []string{"signup", "login", "2 flows"}, list("--grep", "@smoke"))
	out := list("--grep", "@fault")
	require.Len(t, out, 4)
	c := newCLI(t)
	require.Equal(t, 0, c.run("list", "--grep", "^login$"), c.errb.String())
	require.Regexp(t, `^login +@smoke +a wrong password`, c.out.String(), "the list shows the tags")
}
