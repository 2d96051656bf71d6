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

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// testGrid is a Selenium Grid 4 a test started with tools/grid/grid.sh: a hub and its nodes.
type testGrid struct {
	hub   string // http://127.0.0.1:port
	run   string // grid.sh's run dir: pidfiles and logs
	nodes []int  // the nodes' ports
}

// startGrid starts a hub and two nodes of sessions sessions each, stopped when the test ends.
func startGrid(t *testing.T, sessions int) *testGrid {
	t.Helper()
	testenv.RequireCommand(t, "java", "apt-get install -y openjdk-17-jre-headless")
	testenv.RequireCommand(t, "chromedriver", "apt-get install -y chromium-driver")
	root := testenv.RepoRoot(t)
	jars, _ := filepath.Glob(filepath.Join(root, "tools/grid/node_modules/@nightwatch/selenium-server/lib/selenium-server-*.jar"))
	testenv.Require(t, len(jars) > 0, "the Selenium server jar", "tools/grid/grid.sh install")

	ports := freePorts(t, 5)
	g := &testGrid{hub: fmt.Sprintf("http://127.0.0.1:%d", ports[0]), run: t.TempDir(), nodes: ports[1:3]}
	grid := func(args ...string) {
		t.Helper()
		cmd := exec.Command(filepath.Join(root, "tools/grid/grid.sh"), args...)
		cmd.Env = append(os.Environ(), "GRID_RUN_DIR="+g.run, "GRID_OWNER_PID="+strconv.Itoa(os.Getpid()),
			"GRID_PUBLISH_PORT="+strconv.Itoa(ports[3]), "GRID_SUBSCRIBE_PORT="+strconv.Itoa(ports[4]), "GRID_WAIT_SECONDS=120")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "grid.sh %v: %s", args, out)
	}
	t.Cleanup(func() { grid("stop") })
	if sessions == 1 {
		grid("hub-and-nodes", strconv.Itoa(ports[0]), strconv.Itoa(ports[1]), strconv.Itoa(ports[2]))
		return g
	}
	grid("hub", strconv.Itoa(ports[0]))
	for _, p := range g.nodes {
		grid("node", strconv.Itoa(p), g.hub, strconv.Itoa(sessions))
	}
	return g
}

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
	res, err := http.Post(g.hub+"/graphql", "application/json", bytes.NewReader(q))
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
func readReport(t *testing.T, c *cli) *artifacts.RunReport {
	t.Helper()
	rep, err := artifacts.ReadRunReport(filepath.Join(c.dir, "test-results", "report.json"))
	require.NoError(t, err, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	return rep
}

// firstFailures returns the message of each flow's first failed attempt, by flow id.
func firstFailures(rep *artifacts.RunReport) map[string]string {
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

// TestGridNodeKilledMidRun kills (SIGKILL) a grid node that holds a session of the run while
// flows run: the run must not hang (issue 15). The flow on the dead node fails with one line,
// its worker gets a new session from the hub (on the node left), the retry passes there, and the
// run ends with every flow passed or flaky, its sessions ended.
func TestGridNodeKilledMidRun(t *testing.T) {
	g := startGrid(t, 2)
	c := newCLI(t)
	start := time.Now()
	c.start("run", "--remote-kind", "selenium", "--remote-url", g.hub, "--workers", "2", "--retries", "1",
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
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	require.Less(t, took, 3*time.Minute, "the run ended within its bounds")
	rep := readReport(t, c)
	require.Zero(t, rep.Totals.Failed, "stdout:\n%s", c.out)
	require.Equal(t, 21, rep.Totals.Passed+rep.Totals.Flaky)
	require.NotZero(t, rep.Totals.Flaky, "the flow on the dead node was retried")
	for id, msg := range firstFailures(rep) {
		require.Regexp(t, `^grid node went away( \(.*\))?$`, msg, "flow %s", id)
	}
	// The hub still counts the dead node's session until its health check drops the node
	// (--healthcheck-interval, 120s by default). The README tells users to remove such a node at
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

// removeNode removes a node from the hub as the README tells users to do with a dead one.
func (g *testGrid) removeNode(t *testing.T, id string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodDelete, g.hub+"/se/grid/distributor/node/"+id, nil)
	require.NoError(t, err)
	req.Header.Set("X-REGISTRATION-SECRET", "")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "%s", body)
}
