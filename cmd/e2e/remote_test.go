package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
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

// favouritesFault makes the favourite flows fail, so that each remote kind shows its evidence.
const favouritesFault = "PUT /api/favourites/*=500"

// requireFaultRun checks a run with favouritesFault: the two favourite flows failed with complete
// evidence, the five others passed.
func requireFaultRun(t *testing.T, c *proc, code int) *report.RunReport {
	t.Helper()
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
	dir := filepath.Join(c.dir, "test-results")
	rep, err := report.ReadRunReport(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.Totals{Total: 7, Passed: 5, Failed: 2}, rep.Totals, "stdout:\n%s", c.out)
	for _, f := range rep.Flows {
		if f.Status != report.StatusFailed {
			continue
		}
		require.Contains(t, []string{"add favourite", "remove favourite"}, f.ID)
		at := f.Attempts[0]
		for kind, file := range report.ArtifactFiles {
			if kind == report.ArtifactTrace {
				continue // artifacts.trace is off by default
			}
			require.FileExists(t, filepath.Join(dir, at.Dir, file), "%s of %s", kind, f.ID)
		}
		out, ok := testenv.ValidateHAR(t, filepath.Join(dir, at.Dir, "network.har"))
		require.True(t, ok, out)
	}
	return rep
}

// freePorts returns n TCP ports free on 127.0.0.1 now.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	var lns []net.Listener
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range lns {
		_ = ln.Close()
	}
	return ports
}

// TestRunThroughSeleniumHubWithTwoNodes runs the suite through a real Selenium Grid 4 hub with
// two nodes, with two workers: sessions run on both nodes, an injected failure leaves complete
// evidence, and no session is left open.
func TestRunThroughSeleniumHubWithTwoNodes(t *testing.T) {
	g := startGrid(t, 1)
	hub := g.hub

	c := newCLI(t)
	code := c.run("run", "--remote-kind", "selenium", "--remote-url", hub, "--workers", "2",
		"--reporter", "list,json", "--shop-fault", favouritesFault)
	requireFaultRun(t, c, code)

	for _, node := range g.nodes {
		b, err := os.ReadFile(filepath.Join(g.run, fmt.Sprintf("node-%d.log", node)))
		require.NoError(t, err)
		require.Contains(t, string(b), "Session created by the Node", "node %d ran a session", node)
	}
	require.Zero(t, gridSessions(t, hub), "no session is left open on the grid")
}

// gridSessions counts the sessions a grid's /status shows in its nodes' slots.
func gridSessions(t *testing.T, grid string) int {
	t.Helper()
	res, err := http.Get(grid + "/status")
	require.NoError(t, err)
	defer res.Body.Close()
	var st struct {
		Value struct {
			Nodes []struct {
				Slots []struct {
					Session any `json:"session"`
				} `json:"slots"`
			} `json:"nodes"`
		} `json:"value"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&st))
	n := 0
	for _, node := range st.Value.Nodes {
		for _, s := range node.Slots {
			if s.Session != nil {
				n++
			}
		}
	}
	return n
}

// TestRunThroughADevToolsEndpoint runs the suite in a Chromium started by someone else, reached
// at its DevTools endpoint: it passes as locally, and the browser lives on afterwards with none
// of our contexts left in it.
func TestRunThroughADevToolsEndpoint(t *testing.T) {
	c := newCLI(t)
	chromium, err := exec.LookPath("chromium")
	testenv.Require(t, err == nil, "chromium", "apt-get install -y chromium")
	// Its whole process group is killed before its profile folder is removed: a helper left
	// writing there made the folder's removal fail.
	wsURL, pid := testenv.StartChromiumCDP(t, chromium)

	code := c.run("run", "--remote-kind", "cdp", "--remote-url", wsURL, "--workers", "2",
		"--reporter", "list,json", "--shop-fault", favouritesFault)
	requireFaultRun(t, c, code)

	require.NoError(t, syscall.Kill(pid, 0), "the remote browser is not ours to end")
	u, _ := strings.CutPrefix(wsURL, "ws://")
	res, err := http.Get("http://" + strings.SplitN(u, "/", 2)[0] + "/json/list")
	require.NoError(t, err)
	defer res.Body.Close()
	var targets []struct{ URL string }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&targets))
	require.NotEmpty(t, targets)
	for _, tg := range targets {
		require.False(t, strings.HasPrefix(tg.URL, "http"), "a page of ours was left in the remote browser: %s", tg.URL)
	}
}

// readDevToolsURL reads Chromium's standard error until it prints its DevTools URL.
func readDevToolsURL(t *testing.T, r io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		re := regexp.MustCompile(`ws://\S+`)
		for sc.Scan() {
			if u := re.FindString(sc.Text()); u != "" {
				found <- u
				break
			}
		}
		_, _ = io.Copy(io.Discard, r)
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("Chromium printed no DevTools URL within 30s")
	}
	return ""
}

// TestRunThroughRodManager runs the suite in browsers launched by rod's launcher manager: our
// flags reach them, and each is killed when the run ends.
func TestRunThroughRodManager(t *testing.T) {
	root := testenv.RepoRoot(t)
	port := freePorts(t, 1)[0]
	managerTmp := testenv.ShortTempDir(t)
	cmd := exec.Command(filepath.Join(root, "tools/rod-manager/run.sh"), "-address", fmt.Sprintf("127.0.0.1:%d", port))
	cmd.Env = append(os.Environ(), "TMPDIR="+managerTmp, "ROD_MANAGER_BIN="+filepath.Join(t.TempDir(), "rod-manager"))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	waitListening(t, port, 2*time.Minute) // run.sh builds the manager first

	c := newCLI(t)
	code := c.run("run", "--remote-kind", "rod-manager", "--remote-url", fmt.Sprintf("ws://127.0.0.1:%d", port),
		"--workers", "2", "--reporter", "list,json", "--shop-fault", favouritesFault)
	requireFaultRun(t, c, code)
	require.Eventually(t, func() bool { return len(chromiumOf(managerTmp)) == 0 }, 10*time.Second, 100*time.Millisecond,
		"the managed browsers are killed when the run ends: %v", chromiumOf(managerTmp))
}

// waitListening waits until something accepts connections on 127.0.0.1:port.
func waitListening(t *testing.T, port int, d time.Duration) {
	t.Helper()
	require.Eventually(t, func() bool {
		conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			_ = conn.Close()
		}
		return err == nil
	}, d, 100*time.Millisecond, "nothing listens on port %d", port)
}
