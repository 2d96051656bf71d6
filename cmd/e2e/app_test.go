package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// itemsApp is a small API the tests build and run as a server of the app: GET /health, and
// /api/items, which takes POSTs only with the setup user's token. It prints its token at
// start, as careless apps do, for the redaction check.
const itemsApp = `package main

import (
	"fmt"
	"net/http"
	"os"
	"sync"
)

func main() {
	token := os.Getenv("SETUP_TOKEN")
	fmt.Println("items: starting with token", token)
	var mu sync.Mutex
	var items []string
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	http.HandleFunc("/api/items", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Method == http.MethodPost {
			if r.Header.Get("Authorization") != "Bearer "+token {
				http.Error(w, "not the setup user", http.StatusUnauthorized)
				return
			}
			items = append(items, r.Method)
			w.WriteHeader(http.StatusCreated)
		}
		fmt.Fprint(w, len(items))
	})
	fmt.Println("items: listening on", os.Getenv("ADDR"))
	if err := http.ListenAndServe(os.Getenv("ADDR"), nil); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
}
`

// buildItemsApp builds itemsApp into dir and returns the binary's path.
func buildItemsApp(t *testing.T, dir string) string {
	t.Helper()
	src := filepath.Join(dir, "itemsapp")
	require.NoError(t, os.MkdirAll(src, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(src, "main.go"), []byte(itemsApp), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(src, "go.mod"), []byte("module itemsapp\n\ngo 1.22\n"), 0o644))
	bin := filepath.Join(dir, "items-server")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = src
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// writeConfig writes e2e.yaml into the cli's folder.
func (c *proc) writeConfig(yaml string) {
	c.t.Helper()
	require.NoError(c.t, os.WriteFile(filepath.Join(c.dir, "e2e.yaml"), []byte(yaml), 0o644))
}

// requireNoProcessNaming fails if a process whose command line holds s is alive, once the
// stopped processes have had a moment to go.
func requireNoProcessNaming(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	left := testenv.ProcessesNaming(s)
	for len(left) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		left = testenv.ProcessesNaming(s)
	}
	for pid := range left {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	require.Empty(t, left, "processes left behind")
}

// TestAppServersStartSeedAndStop is the whole feature: two real servers (a Go app built here,
// and the shop through e2e shop) started in order, an SQL seed on the shop's SQLite file, an
// HTTP seed as the setup user, the shop's flows passing, the setup in the reports with its
// server logs, redacted, and nothing left running.
func TestAppServersStartSeedAndStop(t *testing.T) {
	c := newCLI(t, "SETUP_TOKEN=tok-s3cret-setup")
	bin := buildItemsApp(t, c.dir)
	ports := freePorts(t, 2)
	api, shopURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0]), fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	db := filepath.Join(c.dir, "shop.db")
	require.NoError(t, os.WriteFile(filepath.Join(c.dir, "seed.sql"), []byte(
		"INSERT INTO users (username, email, password_hash, display_name, created_at)\n"+
			"VALUES ('seeded', 'seeded@example.com', 'x', 'Seeded User', '2024-01-01T00:00:00.000000000Z');\n"), 0o644))
	c.writeConfig(fmt.Sprintf(`
base_url: %[2]s
backend: {db: {dsn: %[3]s}}
app:
  servers:
    - name: items
      command: %[4]s
      env: {ADDR: "127.0.0.1:%[5]d", SETUP_TOKEN: $SETUP_TOKEN}
      url: %[1]s/health
    - name: shop
      command: exec %[6]s shop --addr 127.0.0.1:%[7]d --db %[3]s
      url: %[2]s/api/health
  seed:
    - sql: seed.sql
    - name: add an item as the setup user
      http: {method: POST, path: %[1]s/api/items, headers: {Authorization: "Bearer $SETUP_TOKEN"}, body: {name: lamp}}
`, api, shopURL, db, bin, ports[0], e2eBin, ports[1]))
	code := c.run("run", "--workers", "2", "--reporter", "list,json,html")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.out.String(), "Running 7 flows using 2 workers", "the setup is no flow")
	require.Regexp(t, `(?m)^  ✓  setup \(\d`, c.out.String(), "the setup's line, without a place among the flows")
	require.Contains(t, c.out.String(), "7 passed")
	require.Regexp(t, `server items: ready at .*/health`, c.errb.String())

	rep, err := report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
	require.NoError(t, err)
	setup := rep.Flows[0]
	require.Equal(t, "setup", setup.ID)
	require.Equal(t, report.StatusPassed, setup.Status)
	var names []string
	for _, s := range setup.Attempts[0].Steps {
		names = append(names, s.Name)
	}
	require.Equal(t, []string{"start items", "start shop", "app.seed: sql seed.sql", "app.seed: add an item as the setup user"}, names)
	require.Equal(t, "servers/items.log", setup.Attempts[0].Artifacts["server items"])
	stepsLog, err := os.ReadFile(filepath.Join(c.dir, "test-results", "setup", "steps.log"))
	require.NoError(t, err)
	require.Contains(t, string(stepsLog), "app.seed: sql seed.sql")
	html, err := os.ReadFile(filepath.Join(c.dir, "test-results", "index.html"))
	require.NoError(t, err)
	require.Contains(t, string(html), `href="./servers/shop.log"`)

	itemsLog, err := os.ReadFile(filepath.Join(c.dir, "test-results", "servers", "items.log"))
	require.NoError(t, err)
	require.Contains(t, string(itemsLog), "items: starting with token [REDACTED]")
	require.NotContains(t, string(itemsLog), "tok-s3cret-setup")

	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	require.NoError(t, err)
	defer conn.Close()
	var n int
	require.NoError(t, conn.QueryRow("SELECT count(*) FROM users WHERE username = 'seeded'").Scan(&n))
	require.Equal(t, 1, n, "the SQL seed's row")

	requireNoProcessNaming(t, bin)
	requireNoProcessNaming(t, db)
}

// TestAppServerReusedWhenAnswering reuses a server already answering at its URL (the default
// outside CI), and refuses it with reuse_existing: false.
func TestAppServerReusedWhenAnswering(t *testing.T) {
	shopCLI := newCLI(t)
	shopCLI.start("shop", "--addr", "127.0.0.1:0")
	shopCLI.waitOutput(regexp.MustCompile(`serving http://127\.0\.0\.1:\d+`), 30*time.Second)
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(shopCLI.out.String())
	cfg := fmt.Sprintf("app:\n  servers:\n    - {name: shop, command: echo started-again >&2; exit 1, url: %s/api/health}\n", url)

	c := newCLI(t)
	c.writeConfig(cfg)
	code := c.run("run", "--grep", "^login$")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Contains(t, c.errb.String(), "server shop: reusing the one already answering at "+url)
	require.Contains(t, c.out.String(), "1 passed", "login; the setup is no flow")

	c = newCLI(t)
	c.writeConfig(cfg)
	code = c.run("run", "--grep", "^login$", "--reuse-existing", "false")
	require.Equal(t, 2, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Equal(t, "e2e: server shop: "+url+"/api/health already answers before e2e started it: stop what serves it, or set reuse_existing: true\n", c.errb.String())

	require.NoError(t, shopCLI.cmd.Process.Signal(syscall.SIGINT))
	require.Equal(t, 0, shopCLI.wait(), shopCLI.errb.String())
}

// TestAppServerThatFailsToStart covers a server that crashes at start and one that never gets
// ready: one line, exit 2, the server's last lines, the server started before it stopped, and
// no process left (a background child of the shell included).
func TestAppServerThatFailsToStart(t *testing.T) {
	port := freePorts(t, 1)[0]
	never := fmt.Sprintf("http://127.0.0.1:%d/health", port)
	first := "    - {name: first, command: sleep 6101}\n"
	cases := []struct {
		name, server, want, tail, gone string
	}{
		{name: "crash", server: "    - {name: api, command: 'echo loading config; echo fatal: DATABASE_URL is not set >&2; exit 3', url: " + never + "}\n",
			want: "e2e: server api: exited (exit code 3) before " + never + " answered: fix command; see test-results/servers/api.log",
			tail: "fatal: DATABASE_URL is not set"},
		{name: "never ready", server: "    - {name: api, command: 'sleep 6102 & echo waiting; sleep 6103', url: " + never + ", ready_timeout: 1s}\n",
			want: "e2e: server api: " + never + " not ready after 1s (connection refused): raise ready_timeout or fix url; see test-results/servers/api.log",
			tail: "waiting", gone: "sleep 610"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t)
			c.writeConfig("app:\n  servers:\n" + first + tc.server)
			code := c.run("run")
			require.Equal(t, 2, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
			stderr := c.errb.String()
			require.Contains(t, stderr, "e2e: server first: started\n", "no url: started is ready")
			_, after, _ := strings.Cut(stderr, "e2e: server first: started\n")
			lines := strings.Split(after, "\n")
			require.Equal(t, tc.want, lines[0])
			require.Equal(t, "e2e: its last lines of output:", lines[1])
			require.Contains(t, c.errb.String(), tc.tail)
			log, err := os.ReadFile(filepath.Join(c.dir, "test-results", "servers", "api.log"))
			require.NoError(t, err)
			require.Contains(t, string(log), tc.tail)
			requireNoProcessNaming(t, "sleep 610")
		})
	}
}

// TestAppInterrupted: Ctrl-C while a server starts, and while the flows run, stops every
// server and exits 130.
func TestAppInterrupted(t *testing.T) {
	t.Run("during start", func(t *testing.T) {
		port := freePorts(t, 1)[0]
		c := newCLI(t)
		c.writeConfig(fmt.Sprintf("app:\n  servers:\n    - {name: first, command: sleep 6201}\n    - {name: slow, command: 'sleep 6202', url: http://127.0.0.1:%d/}\n", port))
		c.start("run")
		waitFor(t, func() bool { return len(testenv.ProcessesNaming("sleep 6202")) > 0 })
		require.NoError(t, c.cmd.Process.Signal(syscall.SIGINT))
		require.Equal(t, 130, c.wait(), "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
		require.Contains(t, c.errb.String(), "interrupted while the app started")
		requireNoProcessNaming(t, "sleep 620")
	})
	t.Run("twice", func(t *testing.T) {
		// The second Ctrl-C ends e2e at once, killing a server the first one is still stopping.
		port := freePorts(t, 1)[0]
		c := newCLI(t)
		c.writeConfig(fmt.Sprintf("app:\n  servers:\n    - {name: stubborn, command: \"trap '' TERM INT; while :; do sleep 0.0601; done\", stop_timeout: 1m}\n"+
			"    - {name: slow, command: 'sleep 6602', url: http://127.0.0.1:%d/}\n", port))
		c.start("run")
		waitFor(t, func() bool { return len(testenv.ProcessesNaming("sleep 6602")) > 0 })
		require.NoError(t, c.cmd.Process.Signal(syscall.SIGINT))
		waitFor(t, func() bool { return len(testenv.ProcessesNaming("sleep 6602")) == 0 })
		require.NoError(t, c.cmd.Process.Signal(syscall.SIGINT))
		c.wait()
		require.Contains(t, c.cmd.ProcessState.String(), "signal: interrupt")
		requireNoProcessNaming(t, "sleep 0.0601")
	})
	t.Run("during flows", func(t *testing.T) {
		c := newCLI(t)
		port := freePorts(t, 1)[0]
		db := filepath.Join(c.dir, "shop.db")
		c.writeConfig(fmt.Sprintf("app:\n  servers:\n    - {name: shop, command: 'exec %s shop --addr 127.0.0.1:%d --db %s --fault \"GET /login=hang\"', url: http://127.0.0.1:%d/api/health}\n",
			e2eBin, port, db, port))
		c.start("run", "--workers", "2", "--reporter", "list,json")
		waitFor(t, func() bool { _, err := os.Stat(db); return err == nil })
		waitForUsers(t, db, 2)
		require.NoError(t, c.cmd.Process.Signal(syscall.SIGINT))
		require.Equal(t, 130, c.wait(), "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
		rep, err := report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
		require.NoError(t, err)
		require.Equal(t, "setup", rep.Flows[0].ID)
		require.Equal(t, report.StatusInterrupted, rep.Status)
		requireNoProcessNaming(t, db)
	})
}

// TestAppSeedFailsAndResetRunsEachRound: a failed seed step exits 2 naming it; app.reset runs
// before each round of --repeat-each.
func TestAppSeedFailsAndResetRunsEachRound(t *testing.T) {
	c := newCLI(t)
	require.NoError(t, os.WriteFile(filepath.Join(c.dir, "bad.sql"), []byte("INSRT INTO users VALUES (1);"), 0o644))
	c.writeConfig("app:\n  seed:\n    - run: echo seeding\n    - sql: bad.sql\n")
	code := c.run("run", "--reporter", "list,json,html")
	require.Equal(t, 2, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Regexp(t, `^e2e: app.seed step 2 \(sql bad.sql\): .*syntax error.*\n$`, c.errb.String())
	stepsLog, err := os.ReadFile(filepath.Join(c.dir, "test-results", "setup", "steps.log"))
	require.NoError(t, err)
	require.Regexp(t, `FAIL +app.seed: sql bad.sql: .*syntax error`, string(stepsLog))
	// The reports show the failed setup alone.
	rep, err := report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.StatusFailed, rep.Status)
	require.Len(t, rep.Flows, 1)
	require.Equal(t, "setup", rep.Flows[0].ID)
	require.Regexp(t, `^app.seed: sql bad.sql: .*syntax error`, rep.Flows[0].Error)
	require.Equal(t, "app.seed: sql bad.sql", rep.Flows[0].Attempts[0].Failure.Step)
	require.FileExists(t, filepath.Join(c.dir, "test-results", "index.html"))
	require.Contains(t, c.out.String(), "setup")

	c = newCLI(t)
	c.writeConfig("app:\n  reset:\n    - run: echo reset >> resets.txt\n")
	code = c.run("run", "--grep", "^login$", "--repeat-each", "3", "--workers", "2", "--reporter", "list,json")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	resets, err := os.ReadFile(filepath.Join(c.dir, "resets.txt"))
	require.NoError(t, err)
	require.Equal(t, "reset\nreset\nreset\n", string(resets), "one reset before each of the 3 rounds")
	rep, err = report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
	require.NoError(t, err)
	require.Len(t, rep.Flows[0].Attempts[0].Steps, 3)
	require.Equal(t, "app.reset (round 3): run echo reset >> resets.txt", rep.Flows[0].Attempts[0].Steps[2].Name)

	// A reset that fails between rounds: exit 2 after the reports, the flows left skipped.
	c = newCLI(t)
	c.writeConfig("app:\n  reset:\n    - {name: once only, run: 'test ! -e done && touch done'}\n")
	code = c.run("run", "--grep", "^login$", "--repeat-each", "2", "--reporter", "list,json")
	require.Equal(t, 2, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Equal(t, "e2e: setup failed: app.reset (round 2) step 1 (once only): exit code 1: no output\n", c.errb.String())
	rep, err = report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.Totals{Total: 2, Passed: 1, Skipped: 1}, rep.Totals, "round 1 passed, round 2 skipped; the setup is no flow")
	require.Equal(t, report.StatusFailed, rep.Status, "the setup failed")
	require.True(t, rep.Flows[0].Setup)
}

// waitFor waits until cond holds, at most 30 seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-tick.C:
		case <-ctx.Done():
			t.Fatal("condition never held within 30s")
		}
	}
}
