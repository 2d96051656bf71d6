package browser

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The test grids: a standalone with one session slot behind basic authentication, and a hub
// with two nodes of one slot each that leaves unmatched requests queued (as grids do by default).
const (
	testGridUser = "e2e"
	testGridPass = "grid-s3cret-pw"
	gridScript   = "../tools/grid/grid.sh"
)

// testGrids holds the grids shared by the test binary; TestMain stops them.
var testGrids struct {
	mu         sync.Mutex
	runDir     string
	standalone gridOnce
	hub        gridOnce
}

// gridOnce starts one grid once and remembers the outcome.
type gridOnce struct {
	once sync.Once
	srv  *remoteTestServer
	err  error
}

// gridPrereqs returns what is missing to run a grid, "" when nothing is.
func gridPrereqs() string {
	if _, err := exec.LookPath("java"); err != nil {
		return "java not found: apt-get install -y openjdk-17-jre-headless"
	}
	if _, err := exec.LookPath("curl"); err != nil {
		return "curl not found: apt-get install -y curl"
	}
	if jars, _ := filepath.Glob("../tools/grid/node_modules/@nightwatch/selenium-server/lib/selenium-server-*.jar"); len(jars) == 0 {
		return "no Selenium server jar: run tools/grid/grid.sh install"
	}
	for bin, pkg := range map[string]string{"/usr/bin/chromedriver": "chromium-driver", "/usr/bin/chromium": "chromium"} {
		if _, err := os.Stat(bin); err != nil {
			return bin + " not found: apt-get install -y " + pkg
		}
	}
	return ""
}

// runGridScript runs grid.sh in the test run dir, with env added.
func runGridScript(env []string, args ...string) error {
	testGrids.mu.Lock()
	if testGrids.runDir == "" {
		dir, err := os.MkdirTemp("", "e2e-grid-test-")
		if err != nil {
			testGrids.mu.Unlock()
			return err
		}
		testGrids.runDir = dir
	}
	dir := testGrids.runDir
	testGrids.mu.Unlock()
	cmd := exec.Command(gridScript, args...)
	cmd.Env = append(os.Environ(), append([]string{
		"GRID_RUN_DIR=" + dir,
		"GRID_OWNER_PID=" + strconv.Itoa(os.Getpid()),
		"GRID_SESSION_TIMEOUT=30", // a session a failed test left is reaped soon
		// Selenium 4.20 keeps a request whose client gave up queued until this timeout (4.27
		// drops it at once): keep it short, so that the queue tests see it go.
		"GRID_REQUEST_TIMEOUT=25", "GRID_REQUEST_TIMEOUT_PERIOD=1",
		"GRID_WAIT_SECONDS=90",
	}, env...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("grid.sh %s: %w: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

// stopTestGrids stops every test grid and removes the run dir.
func stopTestGrids() {
	testGrids.mu.Lock()
	dir := testGrids.runDir
	testGrids.mu.Unlock()
	if dir == "" {
		return
	}
	if err := runGridScript(nil, "stop"); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	_ = os.RemoveAll(dir)
}

// startGrid returns the grid of g, starting it on first use; it skips (fails with CI=true) when
// java, the jar or chromedriver is missing.
func startGrid(t testing.TB, g *gridOnce, start func() (*remoteTestServer, error)) *remoteTestServer {
	t.Helper()
	if msg := gridPrereqs(); msg != "" {
		remoteSkipOrFail(t, "selenium grid tests: "+msg)
	}
	g.once.Do(func() { g.srv, g.err = start() })
	require.NoError(t, g.err, "start the test grid")
	return g.srv
}

// standaloneTestGrid is a standalone grid (router and node in one) with one session slot and
// basic authentication; its URL carries no credentials, its Header does.
func standaloneTestGrid(t testing.TB) *remoteTestServer {
	return startGrid(t, &testGrids.standalone, func() (*remoteTestServer, error) {
		port, err := freePorts(1)
		if err != nil {
			return nil, err
		}
		env := []string{"GRID_USERNAME=" + testGridUser, "GRID_PASSWORD=" + testGridPass}
		if err := runGridScript(env, "standalone", strconv.Itoa(port[0]), "1"); err != nil {
			return nil, err
		}
		h := http.Header{}
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(testGridUser+":"+testGridPass)))
		return &remoteTestServer{Kind: "selenium", URL: fmt.Sprintf("http://127.0.0.1:%d", port[0]), Header: h}, nil
	})
}

// hubTestGrid is a hub with two nodes of one session slot each, without authentication, that
// keeps requests no node supports in its queue (the grid's default).
func hubTestGrid(t *testing.T) *remoteTestServer {
	return startGrid(t, &testGrids.hub, func() (*remoteTestServer, error) {
		hub, err := hubPort()
		if err != nil {
			return nil, err
		}
		nodes, err := freePorts(2)
		if err != nil {
			return nil, err
		}
		if err := runGridScript([]string{"GRID_REJECT_UNSUPPORTED_CAPS=false"}, "hub-and-nodes",
			strconv.Itoa(hub), strconv.Itoa(nodes[0]), strconv.Itoa(nodes[1])); err != nil {
			return nil, err
		}
		return &remoteTestServer{Kind: "selenium", URL: fmt.Sprintf("http://127.0.0.1:%d", hub), Header: http.Header{}}, nil
	})
}

// freePorts returns n loopback ports free right now.
func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// hubPort returns a free port P whose P-2 and P-1 (the hub's event bus) are free too.
func hubPort() (int, error) {
	for range 50 {
		p, err := freePorts(1)
		if err != nil {
			return 0, err
		}
		ok := p[0] > 1026
		for q := p[0] - 2; ok && q < p[0]; q++ {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", q))
			if err != nil {
				ok = false
				continue
			}
			_ = l.Close()
		}
		if ok {
			return p[0], nil
		}
	}
	return 0, fmt.Errorf("no free port with two free ports below it")
}

// gridCounts is what a grid's GraphQL says about its sessions.
type gridCounts struct {
	Sessions int
	Queue    int
	PerNode  map[string]int // node URI: its sessions
}

// queryGrid asks the grid's GraphQL endpoint for its session counts.
func queryGrid(t *testing.T, srv *remoteTestServer) gridCounts {
	t.Helper()
	q := `{"query":"{ grid { sessionCount sessionQueueSize } nodesInfo { nodes { uri sessionCount } } }"}`
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(q))
	require.NoError(t, err)
	req.Header = srv.Header.Clone()
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, "%s", body)
	var r struct {
		Data struct {
			Grid struct {
				SessionCount     int `json:"sessionCount"`
				SessionQueueSize int `json:"sessionQueueSize"`
			} `json:"grid"`
			NodesInfo struct {
				Nodes []struct {
					URI          string `json:"uri"`
					SessionCount int    `json:"sessionCount"`
				} `json:"nodes"`
			} `json:"nodesInfo"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(body, &r), "%s", body)
	c := gridCounts{Sessions: r.Data.Grid.SessionCount, Queue: r.Data.Grid.SessionQueueSize, PerNode: map[string]int{}}
	for _, n := range r.Data.NodesInfo.Nodes {
		c.PerNode[n.URI] = n.SessionCount
	}
	return c
}

// requireGridIdle waits until the grid has no session and no queued request.
func requireGridIdle(t *testing.T, srv *remoteTestServer, msg string) {
	t.Helper()
	var last gridCounts
	ok := assertEventually(40*time.Second, func() bool {
		last = queryGrid(t, srv)
		return last.Sessions == 0 && last.Queue == 0
	})
	require.True(t, ok, "%s: grid still has %d session(s), %d queued", msg, last.Sessions, last.Queue)
}

// requireQueueEmpty waits until the grid has no queued session request.
func requireQueueEmpty(t *testing.T, srv *remoteTestServer, msg string) {
	t.Helper()
	var last gridCounts
	ok := assertEventually(40*time.Second, func() bool {
		last = queryGrid(t, srv)
		return last.Queue == 0
	})
	require.True(t, ok, "%s: %d request(s) still queued", msg, last.Queue)
}

// assertEventually polls cond every 100ms until it holds or timeout passes.
func assertEventually(timeout time.Duration, cond func() bool) bool {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if cond() {
			return true
		}
		select {
		case <-tick.C:
		case <-deadline.C:
			return cond()
		}
	}
}
