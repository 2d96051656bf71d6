package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/shop"
)

// App is the system under test as a run sees it: where the browser opens it, where the
// backend probes call it, and its database.
type App struct {
	// BaseURL is where the browser opens the app.
	BaseURL string
	// APIURL is where the backend probes call it.
	APIURL string
	// DB reads its database.
	DB     *backend.DB
	server *shop.Server // the built-in shop, when StartApp started one
}

// StartApp starts the built-in shop when no base URL is configured, or when shop.addr is set
// (then the browser may reach it at another address, base_url); otherwise it checks that the
// configured app answers. Either way it opens the database probe: at backend.db.dsn, the
// built-in shop's file, or where the reference shop at the base URL says its file is. Errors
// are one line saying what to fix.
func StartApp(ctx context.Context, cfg *config.Config) (*App, error) {
	if _, err := newAuth(cfg.Backend.Auth, nil); err != nil {
		return nil, err
	}
	a := &App{BaseURL: cfg.BaseURL, APIURL: cfg.Backend.APIURL}
	driver, dsn := cfg.Backend.DB.Driver, cfg.Backend.DB.DSN
	if a.BaseURL == "" || cfg.Shop.Addr != "" {
		faults, err := shop.ParseFaults(cfg.Shop.Fault)
		if err != nil {
			return nil, fmt.Errorf("shop.fault: %w", err)
		}
		srv, err := shop.Start(shop.Options{Faults: faults, DBPath: cfg.Shop.DB}, cfg.Shop.Addr)
		switch {
		case errors.Is(err, syscall.EADDRINUSE):
			return nil, fmt.Errorf("built-in shop: %w: free the address or change shop.addr", err)
		case err != nil:
			return nil, fmt.Errorf("built-in shop: %w: check shop.db", err)
		}
		a.server = srv
		if a.BaseURL == "" {
			a.BaseURL = srv.URL
		}
		if a.APIURL == "" {
			a.APIURL = srv.URL // the backend is on this machine, whatever the browser sees
		}
		if dsn == "" {
			driver, dsn = srv.Shop().DBDriver(), srv.Shop().DBPath()
		}
	} else if err := checkReachable("base_url", a.BaseURL); err != nil {
		return nil, err
	}
	if a.APIURL == "" {
		a.APIURL = a.BaseURL
	} else if a.APIURL != a.BaseURL {
		if err := checkReachable("backend.api_url", a.APIURL); err != nil {
			a.Close()
			return nil, err
		}
	}
	if dsn == "" {
		d, err := discoverDB(ctx, a.APIURL)
		if err != nil {
			a.Close()
			return nil, err
		}
		driver, dsn = d.Driver, d.DSN
	}
	db, err := backend.OpenDB(driver, dsn)
	if err != nil {
		a.Close()
		return nil, err // one line that says what to fix
	}
	a.DB = db
	return a, nil
}

// Close stops the built-in shop, if StartApp started one, and closes the database probe.
func (a *App) Close() {
	if a.DB != nil {
		_ = a.DB.Close()
	}
	if a.server != nil {
		_ = a.server.Close()
	}
}

// checkReachable answers whether anything serves HTTP at u, within a few seconds.
func checkReachable(key, u string) error {
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

// dbInfo is what the reference shop says of its database at shop.DiscoveryPath.
type dbInfo struct {
	Driver string `json:"db_driver"`
	DSN    string `json:"db_dsn"`
}

// discoverDB asks the app where its database is. Only e2e's reference shop answers; for any
// other app, backend.db.dsn must be set.
func discoverDB(ctx context.Context, apiURL string) (dbInfo, error) {
	fail := fmt.Errorf("backend.db.dsn is not set and %s does not say where its database is: set backend.db.driver and backend.db.dsn (--db-driver, --db-dsn) to its database", apiURL)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(apiURL, "/")+shop.DiscoveryPath, nil)
	if err != nil {
		return dbInfo{}, fail
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return dbInfo{}, fail
	}
	defer resp.Body.Close()
	var d dbInfo
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&d) != nil || d.DSN == "" {
		return dbInfo{}, fail
	}
	return d, nil
}
