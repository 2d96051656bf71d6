package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// testGrid is a Selenium Grid 4 a test started with tools/grid/grid.sh: a hub and its nodes.
type testGrid struct {
	hub   string // http://127.0.0.1:port
	run   string // grid.sh's run dir: pidfiles and logs
	nodes []int  // the nodes' ports
}

// startGrid starts a hub and two nodes of sessions sessions each, stopped when the test ends; env
// adds grid.sh settings (GRID_REQUEST_TIMEOUT=40).
func startGrid(t *testing.T, sessions int, env ...string) *testGrid {
	t.Helper()
	ports := freePorts(t, 5)
	tg := testenv.NewGrid(t, append([]string{"GRID_PUBLISH_PORT=" + strconv.Itoa(ports[3]), "GRID_SUBSCRIBE_PORT=" + strconv.Itoa(ports[4])}, env...)...)
	g := &testGrid{hub: fmt.Sprintf("http://127.0.0.1:%d", ports[0]), run: tg.Dir, nodes: ports[1:3]}
	if sessions == 1 {
		tg.Run("hub-and-nodes", strconv.Itoa(ports[0]), strconv.Itoa(ports[1]), strconv.Itoa(ports[2]))
		return g
	}
	tg.Run("hub", strconv.Itoa(ports[0]))
	for _, p := range g.nodes {
		tg.Run("node", strconv.Itoa(p), g.hub, strconv.Itoa(sessions))
	}
	return g
}

// gridClient bounds the tests' own calls to a hub: a hub that hangs fails the test at once.
var gridClient = &http.Client{Timeout: 10 * time.Second}

// gridNode is a node as the hub's GraphQL endpoint shows it.
type gridNode struct {
	ID           string `json:"id"`
	URI          string `json:"uri"`
	Status       string `json:"status"`
	SessionCount int    `json:"sessionCount"`
}

// graphQL asks the hub for its session count and its nodes.
func (g *testGrid) graphQL(t *testing.T) (int, []gridNode) {
	t.Helper()
	q, _ := json.Marshal(map[string]string{"query": "{ grid { sessionCount } nodesInfo { nodes { id uri status sessionCount } } }"})
	res, err := gridClient.Post(g.hub+"/graphql", "application/json", bytes.NewReader(q))
	require.NoError(t, err)
	defer res.Body.Close()
	var answer struct {
		Data struct {
			Grid struct {
				SessionCount int `json:"sessionCount"`
			} `json:"grid"`
			NodesInfo struct {
				Nodes []gridNode `json:"nodes"`
			} `json:"nodesInfo"`
		} `json:"data"`
	}
	body, _ := io.ReadAll(res.Body)
	require.NoError(t, json.Unmarshal(body, &answer), "%s", body)
	return answer.Data.Grid.SessionCount, answer.Data.NodesInfo.Nodes
}

// killNode kills (SIGKILL) the node on port with every process it started (its chromedriver and
// Chromium share its process group: grid.sh starts it with setsid).
func (g *testGrid) killNode(t *testing.T, port int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(g.run, fmt.Sprintf("node-%d.pid", port)))
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	require.NoError(t, err)
	require.NoError(t, syscall.Kill(-pid, syscall.SIGKILL))
}

// readReport reads the run's report.json.
func readReport(t *testing.T, c *proc) *report.RunReport {
	t.Helper()
	rep, err := report.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
	require.NoError(t, err, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	return rep
}

// firstFailures returns the message of each flow's first failed attempt, by flow id.
func firstFailures(rep *report.RunReport) map[string]string {
	m := map[string]string{}
	for _, f := range rep.Flows {
		for _, a := range f.Attempts {
			if a.Failure != nil {
				m[f.ID] = a.Failure.Message
				break
			}
		}
	}
	return m
}

// TestGridNodeKilledMidRun kills (SIGKILL) a grid node, of one slot like the other, that holds a
// session of the run while flows run with no retries: the run must not hang (issue 15) nor lose a
// flow (issue 32). The flow on the dead node goes back to the queue, costing no attempt, and runs
// again; its worker asks the hub for a new session and, while the only live slot is the other
// worker's, retires within browser.remote.session_timeout; every flow passes, the run exits 0, and
// its sessions are ended. The grid keeps a session request no longer than e2e waits for it (40s
// against 60s), as docs/remote-browsers.md says to: Selenium 4.20 would otherwise keep the request
// of the worker that gave up and start its session once the other worker's ends.
func TestGridNodeKilledMidRun(t *testing.T) {
	g := startGrid(t, 1, "GRID_REQUEST_TIMEOUT=40", "GRID_REQUEST_TIMEOUT_PERIOD=5")
	c := newCLI(t)
	start := time.Now()
	c.start("run", "--remote-kind", "selenium", "--remote-url", g.hub, "--workers", "2", "--retries", "0",
		"--repeat-each", "3", "--reporter", "list,json")
	c.waitOutput(regexp.MustCompile(`\[2/21\]`), 2*time.Minute)
	_, nodes := g.graphQL(t)
	victim := 0
	for _, n := range nodes {
		for _, p := range g.nodes {
			if n.SessionCount > 0 && strings.HasSuffix(n.URI, ":"+strconv.Itoa(p)) && victim == 0 {
				victim = p
			}
		}
	}
	require.NotZero(t, victim, "a node with a session of the run: %+v", nodes)
	g.killNode(t, victim)

	code := c.wait()
	took := time.Since(start)
	t.Logf("the run took %s; stderr:\n%s", took.Round(time.Second), c.errb)
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Less(t, took, 3*time.Minute, "the run ended within its bounds")
	rep := readReport(t, c)
	require.Equal(t, report.Totals{Total: 21, Passed: 21}, rep.Totals, "every flow passed:\n%s", c.out)
	lost := 0
	for _, f := range rep.Flows {
		require.Len(t, f.Attempts, 1, "flow %s", f.ID)
		if a, ok := f.Annotation(report.AnnotationLostBrowser); ok {
			lost++
			require.Regexp(t, `^re-run (once|\d times) after a lost browser: grid node went away`, a.Description, "flow %s", f.ID)
		}
	}
	require.NotZero(t, lost, "the flow on the dead node was run again:\n%s", c.out)
	require.Regexp(t, `(?m)^\s*✓\s+\[\d+/21\] .+ \([\d.]+m?s, re-run after a lost browser\)$`, c.out.String(), "the list says so")
	// The hub still counts the dead node's session until its health check drops the node
	// (--healthcheck-interval, 120s by default). The guide tells users to remove such a node at
	// once, as done here; then the grid must hold no session of the run.
	_, nodes = g.graphQL(t)
	for _, n := range nodes {
		if !strings.HasSuffix(n.URI, ":"+strconv.Itoa(victim)) {
			require.Zero(t, n.SessionCount, "a live node holds a session of the run: %+v", n)
			continue
		}
		g.removeNode(t, n.ID)
	}
	count, nodes := g.graphQL(t)
	require.Zero(t, count, "sessions left on the grid: %+v", nodes)
}

// removeNode removes a node from the hub as docs/remote-browsers.md tells users to do with a
// dead one.
func (g *testGrid) removeNode(t *testing.T, id string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodDelete, g.hub+"/se/grid/distributor/node/"+id, nil)
	require.NoError(t, err)
	req.Header.Set("X-REGISTRATION-SECRET", "")
	res, err := gridClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "%s", body)
}

// flowLines returns the list reporter's flow lines ("✓  [3/21] login (1.2s)") in s.
func flowLines(s string) []string {
	return regexp.MustCompile(`(?m)^\s*[✓✘±■-]\s+\[\d+/\d+\].*$`).FindAllString(s, -1)
}

// requireOneLineFailures checks that every failed attempt of rep says what happened in one line.
func requireOneLineFailures(t *testing.T, rep *report.RunReport) {
	t.Helper()
	for _, f := range rep.Flows {
		for _, a := range f.Attempts {
			if a.Failure != nil {
				require.NotContains(t, a.Failure.Message, "\n", "flow %s", f.ID)
				require.NotEmpty(t, a.Failure.Message, "flow %s", f.ID)
			}
		}
	}
}

// TestDevToolsEndpointClosedMidRun kills the Chromium behind a DevTools endpoint (kind cdp) while
// flows run: the running flows fail in one line, the workers cannot reconnect and say so in one
// line per flow, and the run ends at once with exit code 1 and a complete report.
func TestDevToolsEndpointClosedMidRun(t *testing.T) {
	c := newCLI(t)
	chromium, err := exec.LookPath("chromium")
	testenv.Require(t, err == nil, "chromium", "apt-get install -y chromium")
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--remote-debugging-port=0",
		"--user-data-dir="+filepath.Join(c.tmp, "endpoint"), "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-first-run", "about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	wsURL := readDevToolsURL(t, stderr)

	start := time.Now()
	c.start("run", "--remote-kind", "cdp", "--remote-url", wsURL, "--workers", "2", "--repeat-each", "3",
		"--reporter", "list,json")
	c.waitOutput(regexp.MustCompile(`\[2/21\]`), 2*time.Minute)
	require.NoError(t, syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL))
	code := c.wait()
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Less(t, time.Since(start), 2*time.Minute, "the run ended within its bounds")
	rep := readReport(t, c)
	require.Equal(t, 21, rep.Totals.Passed+rep.Totals.Failed, "every flow passed or failed: %+v", rep.Totals)
	require.NotZero(t, rep.Totals.Failed)
	requireOneLineFailures(t, rep)
	for id, msg := range firstFailures(rep) {
		require.Regexp(t, `DevTools endpoint closed the connection|unreachable \(connection (refused|reset)\)`, msg, "flow %s", id)
	}
}

// startShop starts the shop as a process of its own on addr with its database at db, and returns
// its URL and the process.
func startShop(t *testing.T, addr, db string) (string, *proc) {
	t.Helper()
	s := newCLI(t)
	s.start("shop", "--addr", addr, "--db", db)
	s.waitOutput(regexp.MustCompile(`serving http://127\.0\.0\.1:\d+`), 30*time.Second)
	return regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(s.out.String()), s
}

// TestAppStoppedMidRunThenRestarted kills the app under test while flows run, then starts it
// again on the same address and database: flows fail in one line saying the connection was
// refused, within their bounds, and with --retries 1 the later flows pass; the run ends with exit
// code 1 and a complete report.
func TestAppStoppedMidRunThenRestarted(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	url, shop := startShop(t, "127.0.0.1:0", db)
	addr := strings.TrimPrefix(url, "http://")

	c := newCLI(t)
	start := time.Now()
	c.start("run", "--base-url", url, "--workers", "2", "--retries", "1", "--repeat-each", "4",
		"--reporter", "list,json")
	c.waitOutput(regexp.MustCompile(`\[2/28\]`), 2*time.Minute)
	require.NoError(t, shop.cmd.Process.Kill())
	<-shop.exited
	c.waitOutput(regexp.MustCompile(`✘`), 2*time.Minute) // a flow failed both its attempts
	restartedAt := len(flowLines(c.out.String()))
	startShop(t, addr, db)

	code := c.wait()
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Less(t, time.Since(start), 3*time.Minute, "the run ended within its bounds")
	rep := readReport(t, c)
	require.Equal(t, 28, rep.Totals.Passed+rep.Totals.Flaky+rep.Totals.Failed, "%+v", rep.Totals)
	require.NotZero(t, rep.Totals.Failed)
	requireOneLineFailures(t, rep)
	refused := 0
	for _, msg := range firstFailures(rep) {
		// A flow whose form post met the dead app sees the browser's error page instead.
		if strings.Contains(msg, "connection refused") || strings.Contains(msg, "CONNECTION_REFUSED") ||
			strings.Contains(msg, "could not be loaded (is the app running?)") {
			refused++
		}
	}
	require.NotZero(t, refused, "failures say the connection was refused:\n%s", c.out)
	lines := flowLines(c.out.String())
	require.Greater(t, len(lines), restartedAt+2, "flows ended after the restart")
	for _, l := range lines[len(lines)-2:] {
		require.Regexp(t, `^\s*[✓±]`, l, "the later flows pass:\n%s", c.out)
	}
}

// TestAppStalledMidRun freezes the app under test (SIGSTOP) while flows run: it keeps its port
// and takes connections but answers nothing. The flows that reach it fail within the action
// timeout with one line saying the app gave no answer, and the run ends with exit code 1, a
// complete report and no process left.
func TestAppStalledMidRun(t *testing.T) {
	url, shop := startShop(t, "127.0.0.1:0", filepath.Join(t.TempDir(), "shop.db"))
	t.Cleanup(func() { _ = shop.cmd.Process.Signal(syscall.SIGCONT) }) // before its stop (cleanups run last first)

	c := newCLI(t)
	start := time.Now()
	c.start("run", "--base-url", url, "--workers", "2", "--action-timeout", "3s", "--reporter", "list,json")
	c.waitOutput(regexp.MustCompile(`\[2/7\]`), 2*time.Minute)
	require.NoError(t, shop.cmd.Process.Signal(syscall.SIGSTOP))
	code := c.wait()
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Less(t, time.Since(start), 90*time.Second, "the run ended within its bounds")
	rep := readReport(t, c)
	require.Equal(t, 7, rep.Totals.Passed+rep.Totals.Failed, "every flow passed or failed: %+v", rep.Totals)
	require.GreaterOrEqual(t, rep.Totals.Failed, 4, "the flows after the stall failed: %+v\n%s", rep.Totals, c.out)
	requireOneLineFailures(t, rep)
	// Every flow that reached the frozen app says so; the one in the middle of a step when it froze
	// may have failed on that step's own check (a toast that never came), still in one line.
	noAnswer := 0
	for id, msg := range firstFailures(rep) {
		if regexp.MustCompile(`: no answer from the app after 3s$|: no answer after 3s|did not finish loading after 3s$`).MatchString(msg) {
			noAnswer++
		} else {
			t.Logf("flow %s, in flight when the app froze: %s", id, msg)
		}
	}
	require.GreaterOrEqual(t, noAnswer, rep.Totals.Failed-1, "the flows say the app gave no answer:\n%s", c.out)
	require.Regexp(t, `(?m)^\s+error: (\S+ )?page: GET /\S*: no answer from the app after 3s$`, c.out.String(), "the list says it in one line")
	requireNoChromiumOf(t, c.tmp)
}
