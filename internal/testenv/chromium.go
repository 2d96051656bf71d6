package testenv

import (
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/launcher"
	"github.com/stretchr/testify/require"
)

// StartChromiumCDP starts the Chromium at bin headless with a DevTools port, as a team would run
// a shared remote browser, and kills it (its whole process group) when the test ends. It returns
// the browser's ws:// DevTools URL and its process id.
func StartChromiumCDP(t testing.TB, bin string) (string, int) {
	t.Helper()
	args := []string{
		"--headless", "--remote-debugging-port=0", "--user-data-dir=" + t.TempDir(),
		"--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-breakpad",
	}
	if os.Geteuid() == 0 {
		args = append(args, "--no-sandbox")
	}
	cmd := exec.Command(bin, append(args, "about:blank")...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	parser := launcher.NewURLParser()
	cmd.Stdout, cmd.Stderr = parser, parser
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	})
	select {
	case u := <-parser.URL:
		ws, err := launcher.ResolveURL(u) // the parser gives http://host:port
		require.NoError(t, err)
		return ws, cmd.Process.Pid
	case <-exited:
		t.Fatalf("chromium exited at start: %s", parser.Buffer)
	case <-time.After(30 * time.Second):
		t.Fatalf("chromium printed no DevTools URL in 30s: %s", parser.Buffer)
	}
	return "", 0
}
