// Package e2e is the bookshelf's end-to-end suite: the worked example of a suite for an app
// without test ids (a single-page app with a bearer token in localStorage), written only on what
// a team outside e2e's repository imports: flows, pages, backend, cli. pages.go and flows.go are
// the page objects and the flows; this file wires them to the app.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/bookshelf"
	"github.com/e2e-dev/e2e/cli"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// Suite returns the bookshelf suite: its flows, the hook that starts the app (or finds the one
// at base_url), and its defaults: API checks carry the token the app keeps in localStorage.
func Suite() flows.Suite {
	return flows.Suite{
		Name:  "bookshelf",
		Flows: slices.Clone(Flows),
		// Every flow runs on a desktop browser and on a phone, whose layout hides the main
		// navigation behind a menu button (--project mobile runs the phone's only).
		Projects: []config.Project{{Name: "desktop"}, {Name: "mobile", Device: "Pixel 2"}},
		Config:   configSection,
		Start:    start,
		Defaults: map[string]any{
			"backend.auth.kind": "storage", "backend.auth.key": "bookshelf.token", "backend.auth.template": "Bearer {{.}}",
		},
	}
}

// configSection is the suite's own keys: the built-in app's address and database, and the
// fault that breaks it on purpose.
var configSection = config.Section{Name: "bookshelf", Keys: []config.SectionKey{
	{Name: "addr", Default: "", Flag: "bookshelf-addr", Check: config.ListenAddr,
		Usage: "listen address of the built-in bookshelf (default 127.0.0.1:0)"},
	{Name: "db", Default: "", Flag: "bookshelf-db",
		Usage: "database of the built-in bookshelf: a SQLite file or postgres://user:pw@host/db (default: a temporary SQLite file)"},
	{Name: "lose_shelf_writes", Default: false, Flag: "bookshelf-lose-shelf-writes",
		Usage: "break the built-in bookshelf: adding to the shelf answers 200 but saves nothing (tests only)"},
}}

// start starts the built-in bookshelf unless base_url names a running one (then backend.db
// says where its database is).
func start(_ context.Context, cfg *config.Config) (*flows.App, error) {
	a := &flows.App{BaseURL: cfg.BaseURL, APIURL: cfg.Backend.APIURL}
	addr := cfg.SuiteString("bookshelf.addr")
	if a.BaseURL != "" && addr == "" {
		return a, nil
	}
	srv, err := bookshelf.Start(options(cfg.SuiteString("bookshelf.db"), cfg.Suite("bookshelf.lose_shelf_writes") == true), addr)
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, fmt.Errorf("built-in bookshelf: %w: free the address or change bookshelf.addr", err)
	case err != nil:
		return nil, fmt.Errorf("built-in bookshelf: %w: check bookshelf.db", err)
	}
	a.Stop = srv.Close
	if a.BaseURL == "" {
		a.BaseURL = srv.URL
	}
	if a.APIURL == "" {
		a.APIURL = srv.URL
	}
	a.DBDriver, a.DBDSN = srv.App().DB()
	return a, nil
}

// options are the app's options for db, a SQLite file or a postgres:// URL.
func options(db string, lose bool) bookshelf.Options {
	o := bookshelf.Options{DBPath: db, LoseShelfWrites: lose}
	if bookshelf.IsPostgres(db) {
		o = bookshelf.Options{DSN: db, LoseShelfWrites: lose}
	}
	return o
}

// Command is "bookshelf": it serves the app until interrupted, for a developer to look at it
// or a remote browser to test it.
func Command() *cobra.Command {
	var addr, db string
	cmd := &cobra.Command{Use: "bookshelf", Short: "Serve the bookshelf app until interrupted", Args: cobra.NoArgs}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8090", "address to listen on")
	cmd.Flags().StringVar(&db, "db", "", "SQLite file or postgres:// URL (empty: a new temporary SQLite database)")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(stop)
		srv, err := bookshelf.Start(options(db, false), addr)
		switch {
		case errors.Is(err, syscall.EADDRINUSE):
			return cli.SetupError(fmt.Errorf("%w: stop what listens there or choose another --addr", err))
		case err != nil:
			return cli.SetupError(fmt.Errorf("%w: check --db (a SQLite file in an existing folder, or a postgres:// URL)", err))
		}
		driver, _ := srv.App().DB()
		fmt.Fprintf(cmd.OutOrStdout(), "bookshelf: serving %s (%s); Ctrl-C to stop\n", srv.URL, driver)
		<-stop
		return srv.Close()
	}
	return cmd
}
