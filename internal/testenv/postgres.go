package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// PostgresBin is where Debian's postgresql package puts PostgreSQL 15's server programs.
const PostgresBin = "/usr/lib/postgresql/15/bin"

// Postgres is a PostgreSQL server of a test's own.
type Postgres struct {
	// Port is its TCP port on 127.0.0.1.
	Port int
	// User and Password are its superuser's, who may log in over TCP with that password only.
	User, Password string
	srv            *dbServer
}

// StartPostgres starts PostgreSQL 15 in a temp folder on a free loopback port, with a database
// named "app", and stops it when the test ends. PostgreSQL refuses to run as root, so as root it
// runs as the user postgres. Without PostgreSQL the test fails in CI and is skipped elsewhere.
func StartPostgres(t testing.TB) *Postgres {
	t.Helper()
	_, err := os.Stat(filepath.Join(PostgresBin, "pg_ctl"))
	Require(t, err == nil, "PostgreSQL 15", "apt-get install -y postgresql (or scripts/deps.sh test)")
	p := &Postgres{User: "postgres", Password: "pg-pw-" + randomWord(), srv: newDBServer(t, "e2e-pg-", "postgres")}
	pw := p.srv.writeFile(t, "pwfile", []byte(p.Password+"\n"))
	data := filepath.Join(p.srv.dir, "data")
	p.srv.run(t, filepath.Join(PostgresBin, "initdb"), "-D", data, "-U", p.User, "--pwfile", pw,
		"--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C")
	p.Port = p.srv.port
	log := filepath.Join(p.srv.dir, "log")
	p.srv.run(t, filepath.Join(PostgresBin, "pg_ctl"), "-D", data, "-l", log, "-w", "-t", "60", "start",
		"-o", fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c full_page_writes=off", p.Port, p.srv.dir))
	t.Cleanup(func() {
		_ = p.srv.command(filepath.Join(PostgresBin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "-t", "30", "stop").Run()
	})
	waitPort(t, p.Port, 30*time.Second, func() string { return tail(log) })
	p.srv.run(t, "/usr/bin/createdb", "-h", p.srv.dir, "-p", fmt.Sprint(p.Port), "-U", p.User, "app")
	return p
}

// DSN returns a postgres:// URL of database db as the superuser.
func (p *Postgres) DSN(db string) string {
	return fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/%s?sslmode=disable", p.User, p.Password, p.Port, db)
}
