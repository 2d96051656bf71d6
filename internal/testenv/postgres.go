package testenv

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// postgresBin is where Debian's PostgreSQL 15 keeps initdb and pg_ctl.
const postgresBin = "/usr/lib/postgresql/15/bin"

// StartPostgres starts a PostgreSQL server of the test's own on a free loopback port, with its
// data and socket in a temporary folder, stopped when the test ends, and returns its DSN
// (user postgres, trust authentication, database postgres). As root it runs the server as the
// user postgres, which PostgreSQL requires.
func StartPostgres(t testing.TB) string {
	t.Helper()
	initdb := filepath.Join(postgresBin, "initdb")
	_, err := os.Stat(initdb)
	Require(t, err == nil, "PostgreSQL 15", "apt-get install -y postgresql-15")
	dir, err := os.MkdirTemp("/tmp", "e2e-pg-") // not TMPDIR: the tests' own is root's alone (0700)
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	asPostgres := func(name string, args ...string) *exec.Cmd {
		return exec.Command(filepath.Join(postgresBin, name), args...)
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		Require(t, err == nil, "the user postgres", "apt-get install -y postgresql-15")
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		require.NoError(t, os.Chown(dir, uid, gid))
		asPostgres = func(name string, args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(postgresBin, name)}, args...)...)
		}
	}
	data := filepath.Join(dir, "data")
	out, err := asPostgres("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8").CombinedOutput()
	require.NoError(t, err, "initdb: %s", out)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off", port, dir)
	out, err = asPostgres("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start").CombinedOutput()
	require.NoError(t, err, "pg_ctl start: %s", out)
	t.Cleanup(func() { _ = asPostgres("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop").Run() })
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
}
