package browser

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testManagerBin is rod's launcher manager built once per test binary (removed by TestMain).
var testManagerBin = struct {
	once sync.Once
	dir  string
	path string
	err  error
}{}

// buildTestManager builds github.com/go-rod/rod/lib/launcher/rod-manager (rod as in go.mod).
func buildTestManager(t *testing.T) string {
	t.Helper()
	testManagerBin.once.Do(func() {
		if _, err := exec.LookPath("go"); err != nil {
			testManagerBin.err = fmt.Errorf("go not on PATH: %w", err)
			return
		}
		dir, err := os.MkdirTemp("", "e2e-rod-manager-")
		if err != nil {
			testManagerBin.err = err
			return
		}
		testManagerBin.dir = dir
		testManagerBin.path = filepath.Join(dir, "rod-manager")
		out, err := exec.Command("go", "build", "-o", testManagerBin.path, "github.com/go-rod/rod/lib/launcher/rod-manager").CombinedOutput()
		if err != nil {
			testManagerBin.err = fmt.Errorf("go build rod-manager: %w: %s", err, out)
		}
	})
	require.NoError(t, testManagerBin.err)
	return testManagerBin.path
}

// startTestManager runs a real rod launcher manager on a free loopback port and stops it when the
// test ends. allowAll starts it the way tools/rod-manager/run.sh does (through that script:
// -allow-all and the system Chromium as its default browser, so nothing is downloaded); without
// it, it is rod's manager with its defaults, which refuses a client's browser.bin.
func startTestManager(t *testing.T, allowAll bool) *remoteTestServer {
	t.Helper()
	if _, err := FindChromium(""); err != nil {
		remoteSkipOrFail(t, "rod-manager tests: no Chromium: apt-get install -y chromium")
	}
	bin := buildTestManager(t)
	var cmd *exec.Cmd
	if allowAll {
		cmd = exec.Command("../tools/rod-manager/run.sh", "-address", "127.0.0.1:0")
		cmd.Env = append(os.Environ(), "ROD_MANAGER_BIN="+bin)
	} else {
		cmd = exec.Command(bin, "-address", "127.0.0.1:0")
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	addr := make(chan string, 1)
	var logMu sync.Mutex
	var logBuf strings.Builder
	go func() {
		re := regexp.MustCompile(`listening on: (\S+)`)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			logMu.Lock()
			logBuf.WriteString(sc.Text() + "\n")
			logMu.Unlock()
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		if t.Failed() {
			logMu.Lock()
			t.Logf("rod-manager output:\n%s", logBuf.String())
			logMu.Unlock()
		}
	})
	select {
	case a := <-addr:
		return &remoteTestServer{Kind: "rod-manager", URL: "ws://" + a, PID: cmd.Process.Pid}
	case <-exited:
		t.Fatalf("rod-manager exited at start:\n%s", logBuf.String())
	case <-time.After(60 * time.Second):
		t.Fatal("rod-manager did not listen within 60s")
	}
	return nil
}

func TestRemoteManagerLaunchesWithOurFlagsAndKillsOnClose(t *testing.T) {
	srv := newRemoteTestServer(t, "rod-manager")
	pageURL := remoteTestPage(t)
	host := strings.TrimPrefix(srv.URL, "ws://")
	for _, c := range []struct{ name, url, bin string }{
		{"ws", srv.URL, ""},
		{"http-with-bin", "http://" + host, "/usr/bin/chromium"},
		{"host-port", host, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Empty(t, remoteDescendants(srv.PID, "chromium"), "no managed browser before Open")
			b, err := Open(context.Background(), Options{Headless: true, Bin: c.bin, Args: []string{"--lang=en-GB"}, Remote: RemoteOptions{
				Kind: "rod-manager", URL: c.url, SessionTimeout: 30 * time.Second,
			}})
			require.NoError(t, err)
			require.Equal(t, KindRodManager, b.Kind)
			procs := remoteDescendants(srv.PID, "chromium")
			require.NotEmpty(t, procs, "the manager runs the browser")
			args := managedBrowserArgs(procs)
			for _, want := range []string{"--headless", "--lang=en-GB", "--window-size=1280,800", "--disable-sync", "--remote-debugging-port=0"} {
				require.Contains(t, args, want, "our flags reach the managed browser")
			}
			require.Regexp(t, `--disable-features=\S*site-per-process\S*`, args, "the manager's feature list is kept")
			require.Regexp(t, `--disable-features=\S*OptimizationHints`, args, "ours is merged in")

			runIncognitoFlow(t, b, pageURL, c.name)
			require.NoError(t, b.Close())
			require.Eventually(t, func() bool { return len(remoteDescendants(srv.PID, "chromium")) == 0 },
				15*time.Second, 50*time.Millisecond, "the managed Chromium must be gone after Close")
		})
	}
}

// managedBrowserArgs returns the command line of the main browser process among procs.
func managedBrowserArgs(procs []int) string {
	for _, p := range procs {
		c, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", p))
		args := strings.ReplaceAll(string(c), "\x00", " ")
		if !strings.Contains(args, "--type=") && strings.Contains(args, "--remote-debugging-port") {
			return args
		}
	}
	return ""
}

func TestRemoteManagerRefusesBinWithoutAllowAll(t *testing.T) {
	srv := startTestManager(t, false)
	start := time.Now()
	_, err := Open(context.Background(), Options{Headless: true, Bin: "/usr/bin/chromium", Remote: RemoteOptions{
		Kind: "rod-manager", URL: srv.URL, SessionTimeout: 20 * time.Second,
	}})
	requireSetupError(t, err, "rod-manager "+srv.URL+": ", "not allowed rod-bin path", "-allow-all")
	require.Less(t, time.Since(start), 5*time.Second)
	require.Empty(t, remoteDescendants(srv.PID, "chromium"))
}

func TestRemoteManagerUnreachable(t *testing.T) {
	port := remoteClosedPort(t)
	start := time.Now()
	_, err := Open(context.Background(), Options{Remote: RemoteOptions{Kind: "rod-manager", URL: fmt.Sprintf("127.0.0.1:%d", port)}})
	requireSetupError(t, err, fmt.Sprintf("rod-manager ws://127.0.0.1:%d: unreachable (connection refused): start it", port))
	require.Less(t, time.Since(start), 2*time.Second)

	_, err = Open(context.Background(), Options{Remote: RemoteOptions{Kind: "rod-manager", URL: remoteTestPage(t)}})
	requireSetupError(t, err, "not a rod launcher manager")
}
