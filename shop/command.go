package shop

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// shopOptions are e2e shop's flags.
type shopOptions struct {
	addr       string
	db         string
	bcryptCost int
	faults     []string
}

// Command is "e2e shop": it serves the reference shop until interrupted, for a developer to
// look at it or a remote browser to test it. cmd/e2e adds it with cli.WithCommand.
func Command() *cobra.Command {
	var o shopOptions
	cmd := &cobra.Command{
		Use:   "shop",
		Short: "Serve the reference shop until interrupted",
		Args:  cobra.NoArgs,
	}
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(stop)
		return serveShop(o, cmd.OutOrStdout(), stop)
	}
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&o.db, "db", "", "SQLite file, or postgres://user:password@host:5432/db (schema created at start; empty: a new temporary SQLite database)")
	cmd.Flags().IntVar(&o.bcryptCost, "bcrypt-cost", 0, "bcrypt cost of password hashes (0: the default, 10)")
	cmd.Flags().StringArrayVar(&o.faults, "fault", nil, `make requests fail, like "PUT /api/favourites/*=500" or "GET /profile=hang" (tests and demos; repeatable)`)
	return cmd
}

// serveShop serves the shop until stop receives.
func serveShop(o shopOptions, out io.Writer, stop <-chan os.Signal) error {
	faults, err := ParseFaults(o.faults)
	if err != nil {
		return setupError(err)
	}
	if o.db != "" && !strings.Contains(o.db, "://") {
		if dir := filepath.Dir(o.db); !isDir(dir) {
			return setupError(fmt.Errorf("shop: --db %s: no folder %s: create it or choose another --db", o.db, dir))
		}
	}
	srv, err := Start(Options{DBPath: o.db, BcryptCost: o.bcryptCost, Faults: faults}, o.addr)
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return setupError(fmt.Errorf("shop: --addr %s: address already in use: stop what listens there or choose another --addr", o.addr))
	case err != nil:
		return setupError(err) // "shop: start: ..."
	}
	fmt.Fprintf(out, "shop: serving %s (database %s); Ctrl-C to stop\n", srv.URL, shownDSN(srv.Shop().DBPath()))
	for _, f := range faults {
		fmt.Fprintf(out, "shop: fault injected: %s\n", f)
	}
	<-stop
	fmt.Fprintln(out, "shop: stopping")
	return srv.Close()
}

// shownDSN is a database URL without its password.
func shownDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// usageError is a mistake of the command line, fixed by the user: the program exits 2.
type usageError struct{ error }

// ExitCode is 2, e2e's code for a configuration or setup error.
func (usageError) ExitCode() int { return 2 }

func setupError(err error) error { return usageError{err} }
