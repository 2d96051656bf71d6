package shopsuite

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"syscall"

	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/shop"
)

// configSection is the suite's own config section: where the built-in shop listens, its
// database, and the faults it injects.
var configSection = config.Section{Name: "shop", Keys: []config.SectionKey{
	{Name: "addr", Default: "", Flag: "shop-addr", Check: config.ListenAddr,
		Usage: "listen address of the built-in shop (default 127.0.0.1:0)"},
	{Name: "db", Default: "", Flag: "shop-db",
		Usage: "database of the built-in shop: a SQLite file or postgres://user:pw@host/db, schema created at start (default: a temporary SQLite file)"},
	{Name: "fault", Default: []string{}, Flag: "shop-fault", Check: config.NoBlankEntries,
		Usage: `fault rule for the built-in shop, like "PUT /api/favourites/*=500" (repeatable; tests only)`},
}}

// start is the suite's Start hook. It starts the built-in shop when no base URL is configured,
// or when shop.addr is set (then the browser may reach it at another address, base_url);
// otherwise it checks that the configured shop answers and, without backend.db.dsn, asks it
// where its database is (the shop's loopback-only discovery endpoint). Errors are one line
// saying what to fix.
func start(ctx context.Context, cfg *config.Config) (*flows.App, error) {
	a := &flows.App{BaseURL: cfg.BaseURL, APIURL: cfg.Backend.APIURL}
	addr := cfg.SuiteString("shop.addr")
	if a.BaseURL == "" || addr != "" {
		faults, err := shop.ParseFaults(cfg.SuiteStrings("shop.fault"))
		if err != nil {
			return nil, fmt.Errorf("shop.fault: %w", err)
		}
		srv, err := shop.Start(shop.Options{Faults: faults, DBPath: cfg.SuiteString("shop.db")}, addr)
		switch {
		case errors.Is(err, syscall.EADDRINUSE):
			return nil, fmt.Errorf("built-in shop: %w: free the address or change shop.addr", err)
		case err != nil:
			return nil, fmt.Errorf("built-in shop: %w: check shop.db", err)
		}
		a.Stop = srv.Close
		if a.BaseURL == "" {
			a.BaseURL = srv.URL
		}
		if a.APIURL == "" {
			a.APIURL = srv.URL // the backend is on this machine, whatever the browser sees
		}
		a.DBDriver, a.DBDSN = srv.Shop().DBDriver(), srv.Shop().DBPath()
		return a, nil
	}
	if cfg.Backend.DB.DSN == "" {
		api := cmp.Or(a.APIURL, a.BaseURL)
		driver, dsn, err := shop.Discover(ctx, api)
		switch {
		case errors.Is(err, shop.ErrNoAnswer): // the run says so, as it checks base_url
		case err != nil:
			return nil, fmt.Errorf("backend.db.dsn is not set and %s does not say where its database is: set backend.db.driver and backend.db.dsn (--db-driver, --db-dsn) to its database", api)
		}
		a.DBDriver, a.DBDSN = driver, dsn
	}
	return a, nil
}
