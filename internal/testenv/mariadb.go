package testenv

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// MariaDB is a MariaDB server of a test's own.
type MariaDB struct {
	// Port is its TCP port on 127.0.0.1.
	Port int
	// User and Password are an account with every right on the database "app", over TCP.
	User, Password string
	srv            *dbServer
}

// StartMariaDB starts MariaDB in a temp folder (its own datadir, socket and free loopback port),
// with a database "app" and a user for it, and stops it when the test ends. Without MariaDB the
// test fails in CI and is skipped elsewhere.
func StartMariaDB(t testing.TB) *MariaDB {
	t.Helper()
	how := "apt-get install -y mariadb-server (or scripts/deps.sh test)"
	install := RequireCommand(t, "mariadb-install-db", how)
	server := RequireCommand(t, "mariadbd", how)
	client := RequireCommand(t, "mariadb", how)
	m := &MariaDB{User: "e2e", Password: "my-pw-" + randomWord(), srv: newDBServer(t, "e2e-mariadb-", "mysql")}
	data := filepath.Join(m.srv.dir, "data")
	sock := filepath.Join(m.srv.dir, "mariadb.sock")
	user := "--user=root"
	if m.srv.cred != nil {
		user = "--user=mysql"
	}
	m.srv.run(t, install, "--no-defaults", user, "--datadir="+data, "--auth-root-authentication-method=socket",
		"--skip-test-db", "--skip-name-resolve")
	m.Port = m.srv.port
	log := filepath.Join(m.srv.dir, "error.log")
	cmd := m.srv.command(server, "--no-defaults", user, "--datadir="+data, "--socket="+sock,
		fmt.Sprintf("--port=%d", m.Port), "--bind-address=127.0.0.1", "--skip-name-resolve",
		"--log-error="+log, "--pid-file="+filepath.Join(m.srv.dir, "mariadb.pid"),
		"--innodb-buffer-pool-size=16M", "--innodb-log-file-size=8M", "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0")
	require.NoError(t, cmd.Start())
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	waitPort(t, m.Port, 60*time.Second, func() string { return tail(log) })
	sql := fmt.Sprintf("CREATE DATABASE app; CREATE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s'; GRANT ALL ON *.* TO '%s'@'127.0.0.1';",
		m.User, m.Password, m.User)
	out, err := exec.Command(client, "--no-defaults", "--socket="+sock, "-uroot", "-e", sql).CombinedOutput()
	require.NoError(t, err, "mariadb: create the database and user:\n%s", out)
	return m
}

// DSN returns a go-sql-driver/mysql DSN of database db as the test's user.
func (m *MariaDB) DSN(db string) string {
	return fmt.Sprintf("%s:%s@tcp(127.0.0.1:%d)/%s", m.User, m.Password, m.Port, db)
}

// randomWord returns a few random hex digits, for passwords of a test's own.
func randomWord() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
