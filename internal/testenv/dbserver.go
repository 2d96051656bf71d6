package testenv

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// dbServer is what the PostgreSQL and MariaDB helpers share: a folder of the server's own in
// the temp folder (readable by the user it runs as), a free loopback port, and commands run as
// that user.
type dbServer struct {
	dir  string
	port int
	cred *syscall.Credential // nil: run as this process's user
}

// newDBServer makes the server's folder, owned by the account named runAs when this process is
// root (PostgreSQL refuses to run as root), and picks a free loopback port.
func newDBServer(t testing.TB, prefix, runAs string) *dbServer {
	t.Helper()
	var cred *syscall.Credential
	parent := "" // the temp folder, which may be private to this user (testenv.RunWithoutLeftovers)
	if os.Geteuid() == 0 && runAs != "" {
		u, err := user.Lookup(runAs)
		Require(t, err == nil, "user "+runAs, "apt-get install -y postgresql mariadb-server (they create the users)")
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		parent = "/tmp" // open to every user, so that runAs reaches its folder
	}
	dir, err := os.MkdirTemp(parent, prefix)
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if cred != nil {
		require.NoError(t, os.Chown(dir, int(cred.Uid), int(cred.Gid)))
	}
	return &dbServer{dir: dir, port: FreePort(t), cred: cred}
}

// command returns bin with args, run as the server's user, its output kept for errors.
func (s *dbServer) command(bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Dir = s.dir
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	return cmd
}

// run runs bin with args and fails the test with its output when it fails.
func (s *dbServer) run(t testing.TB, bin string, args ...string) {
	t.Helper()
	out, err := s.command(bin, args...).CombinedOutput()
	require.NoError(t, err, "%s %v:\n%s", bin, args, out)
}

// writeFile writes a file into the server's folder, owned by the server's user.
func (s *dbServer) writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := s.dir + "/" + name
	require.NoError(t, os.WriteFile(path, data, 0o600))
	if s.cred != nil {
		require.NoError(t, os.Chown(path, int(s.cred.Uid), int(s.cred.Gid)))
	}
	return path
}

// FreePort returns a TCP port free on 127.0.0.1 right now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitPort waits until something accepts connections on the port, or fails the test with log.
func waitPort(t testing.TB, port int, within time.Duration, log func() string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			_ = c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("database server on port %d not up after %s:\n%s", port, within, log())
		}
		time.Sleep(50 * time.Millisecond) // test helper polling a server's port, not browser code
	}
}

// tail returns the last lines of a file, for a server's log in an error.
func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
