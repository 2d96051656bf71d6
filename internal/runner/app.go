package runner

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/appserver"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// App is the app under test as a run sees it: the suite's flows.App, its database opened, and
// the servers the run started for it.
type App struct {
	flows.App
	// DB reads its database; nil when there is none. StartApp opens it.
	DB *backend.DB
	// servers are the app's servers StartApp started (app.servers, Suite.App), stopped last.
	servers *appserver.Running
}

// StartApp starts the app's servers (app.servers in the configuration over the suite's
// Suite.App) in order, then the suite's app (its Start hook) or, without one, checks that the
// app at base_url answers; then opens the database probe when a database is known, and runs
// the seed and reset steps. Errors are one line saying what to fix; a server that did not
// start is an *appserver.StartError, which also carries its last lines of output. On error
// nothing is left running; otherwise Close stops it all.
func StartApp(ctx context.Context, cfg *config.Config, suite flows.Suite) (*App, error) {
	if _, err := newAuth(cfg.Backend.Auth, nil); err != nil {
		return nil, err
	}
	servers, err := startServers(ctx, cfg, AppPlan(cfg, suite))
	if err != nil {
		return nil, err
	}
	a, err := startApp(ctx, cfg, suite)
	if err != nil {
		_ = servers.Stop()
		return nil, err
	}
	a.servers = servers
	if err := a.seed(ctx); err != nil {
		setup := a.servers.Report() // and its steps.log
		a.Close()
		return nil, &SeedError{Err: err, Setup: setup}
	}
	return a, nil
}

// startApp is StartApp after the servers.
func startApp(ctx context.Context, cfg *config.Config, suite flows.Suite) (*App, error) {
	a := &App{App: flows.App{BaseURL: cfg.BaseURL, APIURL: cfg.Backend.APIURL}}
	var started *flows.App
	if suite.Start != nil {
		var err error
		if started, err = suite.Start(ctx, cfg); err != nil {
			return nil, err
		}
	}
	switch {
	case started != nil && started.BaseURL == "":
		if started.Stop != nil {
			_ = started.Stop()
		}
		return nil, fmt.Errorf("suite %s: its Start hook gave no base URL", suite.Name)
	case started != nil:
		a = &App{App: *started}
	case a.BaseURL == "":
		return nil, errors.New("base_url is not set: set it (--base-url, E2E_BASE_URL) to the app under test")
	}
	if err := CheckReachable("base_url", a.BaseURL); err != nil {
		a.Close()
		return nil, err
	}
	if a.APIURL == "" {
		a.APIURL = a.BaseURL
	} else if a.APIURL != a.BaseURL {
		if err := CheckReachable("backend.api_url", a.APIURL); err != nil {
			a.Close()
			return nil, err
		}
	}
	driver, dsn := cfg.Backend.DB.Driver, cfg.Backend.DB.DSN
	if dsn == "" {
		driver, dsn = a.DBDriver, a.DBDSN
	}
	a.DBDriver, a.DBDSN = driver, dsn // where the seed steps write
	if dsn == "" {
		return a, nil // no database: flows that read it fail with backend.ErrNoDB
	}
	db, err := backend.OpenDB(driver, dsn)
	if err != nil {
		a.Close()
		return nil, err // one line that says what to fix
	}
	a.DB = db
	return a, nil
}

// Close closes the database probe, stops what the suite started, then the app's servers, the
// last started first.
func (a *App) Close() {
	if a.DB != nil {
		_ = a.DB.Close()
	}
	if a.Stop != nil {
		_ = a.Stop()
	}
	if a.servers != nil {
		if err := a.servers.Stop(); err != nil { // a stop_command that failed: its output is in the log
			fmt.Fprintln(os.Stderr, "e2e: warning: "+err.Error())
		}
		a.servers = nil
	}
}

// CheckReachable answers whether anything serves HTTP at u, within a few seconds; the error
// names the config key to fix.
func CheckReachable(key, u string) error {
	client := &http.Client{
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Get(u)
	if err != nil {
		return fmt.Errorf("%s %s: unreachable (%s): start the app or fix %s", key, u, netReason(err), key)
	}
	_ = resp.Body.Close()
	return nil
}

// netReason says in a few words why a request failed.
func netReason(err error) string {
	var opErr *net.OpError
	var dnsErr *net.DNSError
	var uErr *url.Error
	switch {
	case errors.As(err, &dnsErr):
		return "no such host"
	case errors.As(err, &opErr) && strings.Contains(opErr.Err.Error(), "refused"):
		return "connection refused"
	case errors.As(err, &uErr) && uErr.Timeout():
		return "timed out"
	default:
		return strings.Join(strings.Fields(err.Error()), " ")
	}
}
