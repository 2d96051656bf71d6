package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/scaffold"
)

// initOptions are e2e init's inputs.
type initOptions struct {
	dir, name, url                      string
	auth, authStorage, authHeader, tmpl string
	dbDriver, dsn                       string
	force                               bool
}

// defaultURL is the app's URL when neither --url nor an answer gives one.
const defaultURL = "http://localhost:8080"

// InitCommand is `init [DIR]`: it writes a new suite into the Go module at DIR (default the
// working directory), asking for what its flags do not say when it runs in a terminal.
func InitCommand() *cobra.Command {
	var o initOptions
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a suite into your Go module: a sample flow, its command, a go test entry, e2e.yaml and CI workflows",
		Long: `Write a suite into the Go module at DIR (default .): e2e/ (a sample flow and its page object,
written with locators, and a go test entry), cmd/NAME-e2e/main.go, e2e.yaml, a GitHub Actions
workflow (.github/workflows/e2e.yml) and a GitLab CI fragment (.gitlab/e2e.gitlab-ci.yml).
In a terminal it asks for the settings its flags do not give. It never overwrites a file
unless --force is given.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = "."
			if len(args) == 1 {
				o.dir = args[0]
			}
			in := cmd.InOrStdin()
			if f, ok := in.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
				if err := o.ask(cmd, bufio.NewReader(in), cmd.OutOrStdout()); err != nil {
					return SetupError(err)
				}
			}
			return runInit(cmd.Context(), o, cmd.OutOrStdout())
		},
	}
	f, def := cmd.Flags(), config.Default().Backend
	f.StringVar(&o.name, "name", "", "the suite's name, its command being NAME-e2e (default: the module path's last element)")
	f.StringVar(&o.url, "url", "", "the app's base URL (default "+defaultURL+")")
	f.StringVar(&o.auth, "auth", string(def.Auth.Kind), "how the flows' API calls are the browser's user: cookies, or storage:KEY.PATH (a token in localStorage)")
	f.StringVar(&o.authStorage, "auth-storage", string(def.Auth.Storage), "with --auth storage:...: "+config.OneOf(backend.StorageAreas)+" storage")
	f.StringVar(&o.authHeader, "auth-header", def.Auth.Header, "with --auth storage:...: the header the token goes in")
	f.StringVar(&o.tmpl, "auth-template", def.Auth.Template, "with --auth storage:...: the header's value, {{.}} being the token")
	f.StringVar(&o.dbDriver, "db-driver", "", "the app's database for f.DB: "+config.OneOf(backend.Drivers)+" (default none)")
	f.StringVar(&o.dsn, "db-dsn", "", "the app's database DSN (better: E2E_BACKEND_DB_DSN, out of e2e.yaml)")
	f.BoolVar(&o.force, "force", false, "overwrite files that exist")
	return cmd
}

// ask asks, in a terminal, for the settings whose flags were not given.
func (o *initOptions) ask(cmd *cobra.Command, r *bufio.Reader, w io.Writer) error {
	q := func(flag, question, def string, v *string) error {
		if cmd.Flags().Changed(flag) {
			return nil
		}
		fmt.Fprintf(w, "%s [%s]: ", question, def)
		line, err := r.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if line = strings.TrimSpace(line); line != "" {
			*v = line
		} else {
			*v = def
		}
		return nil
	}
	if err := q("url", "The app's URL", defaultURL, &o.url); err != nil {
		return err
	}
	if err := q("auth", "API calls authenticate with cookies, or storage:KEY.PATH (a token in localStorage)", o.auth, &o.auth); err != nil {
		return err
	}
	if strings.HasPrefix(o.auth, "storage:") {
		if err := q("auth-template", "The Authorization header's value, {{.}} being the token", o.tmpl, &o.tmpl); err != nil {
			return err
		}
	}
	if err := q("db-driver", "The app's database: sqlite, postgres, mysql or none", "none", &o.dbDriver); err != nil {
		return err
	}
	if o.dbDriver == "none" {
		o.dbDriver = ""
	}
	if o.dbDriver != "" {
		return q("db-dsn", "Its DSN (empty: set E2E_BACKEND_DB_DSN when running)", "", &o.dsn)
	}
	return nil
}

// runInit writes the suite and says what it wrote and what to do next.
func runInit(ctx context.Context, o initOptions, out io.Writer) error {
	auth, err := scaffold.ParseAuth(o.auth, o.authStorage, o.authHeader, o.tmpl)
	if err != nil {
		return SetupError(fmt.Errorf("init: %w", err))
	}
	switch o.dbDriver {
	case "", "sqlite", "postgres", "mysql":
	default:
		return SetupError(fmt.Errorf("init: --db-driver %q: expected sqlite, postgres or mysql", o.dbDriver))
	}
	if o.url == "" {
		o.url = defaultURL
	}
	if ctx == nil {
		ctx = context.Background()
	}
	title, heading, problem := scaffold.Probe(ctx, o.url)
	files, err := scaffold.Init(scaffold.Options{Dir: o.dir, Name: o.name, URL: o.url, Auth: auth,
		DBDriver: o.dbDriver, DSN: o.dsn, Title: title, Heading: heading, Force: o.force})
	if err != nil {
		return SetupError(fmt.Errorf("init: %w", err))
	}
	fmt.Fprintln(out, "Wrote:")
	cmdDir := ""
	for _, f := range files {
		fmt.Fprintln(out, "  "+f.Path)
		if strings.HasPrefix(f.Path, "cmd/") {
			cmdDir = strings.TrimSuffix(f.Path, "/main.go")
		}
	}
	if problem != "" {
		fmt.Fprintf(out, "Note: GET %s %s: the sample flow checks only that the page has a body; give --url a page of the app (or start it) for one that checks its title and heading.\n", o.url, problem)
	}
	fmt.Fprintln(out, "Next:")
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "  go get github.com/e2e-dev/e2e@latest && go mod tidy")
	fmt.Fprintf(w, "  go test ./e2e\t# the sample flow, against %s\n", o.url)
	fmt.Fprintf(w, "  go run ./%s run --headed\t# watch it\n", cmdDir)
	fmt.Fprintf(w, "  go run ./%s codegen %s\t# record a flow and its page objects\n", cmdDir, o.url)
	_ = w.Flush()
	fmt.Fprintln(out, `GitLab: add "include: [{local: .gitlab/e2e.gitlab-ci.yml}]" to .gitlab-ci.yml.`)
	return nil
}
