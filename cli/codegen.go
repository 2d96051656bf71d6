package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/codegen"
	"github.com/e2e-dev/e2e/config"
)

// codegenOptions are e2e codegen's inputs.
type codegenOptions struct {
	url, output, pkg, flow string
	force                  bool
}

// CodegenCommand is `codegen URL`: it opens a visible browser on URL and records what the person
// does there as a flow and its page objects, written when they press Ctrl-C or close the
// browser.
func CodegenCommand() *cobra.Command {
	var o codegenOptions
	cmd := &cobra.Command{
		Use:   "codegen [URL]",
		Short: "Record a flow and its page objects as you click, type and navigate in a browser",
		Long: `Open a visible Chromium on URL and record each click, typing, choice and navigation as a line
on a locator (role and name first, then label, test id, text; CSS last), grouped into
page-object methods by page, with a response wait where a click made an API call. Ctrl-C or
closing the browser writes the Go file. Typed passwords are never written: the flow reads
them from $` + codegen.PasswordEnv + `. Without URL it opens base_url (e2e.yaml, E2E_BASE_URL).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.url = args[0]
			}
			return runCodegen(o, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "e2e/recorded.go", "the Go file to write")
	f.StringVar(&o.pkg, "package", "", "its package (default: its folder's name)")
	f.StringVar(&o.flow, "flow", "recorded", "the flow's name")
	f.BoolVar(&o.force, "force", false, "overwrite the file if it exists")
	return cmd
}

var goIdent = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

func runCodegen(o codegenOptions, out io.Writer) error {
	if o.pkg == "" {
		o.pkg = filepath.Base(filepath.Dir(o.output))
		if abs, err := filepath.Abs(filepath.Dir(o.output)); err == nil {
			o.pkg = strings.ReplaceAll(filepath.Base(abs), "-", "_")
		}
	}
	if !goIdent.MatchString(o.pkg) {
		return SetupError(fmt.Errorf("codegen: package %q is not a Go package name: give --package", o.pkg))
	}
	if _, err := os.Stat(o.output); err == nil && !o.force {
		return SetupError(fmt.Errorf("codegen: %s exists: --force overwrites it, or give --output", o.output))
	}
	cfg, err := config.Load(config.LoadOptions{})
	if err != nil {
		return SetupError(err)
	}
	if o.url == "" {
		if o.url = cfg.BaseURL; o.url == "" {
			return SetupError(errors.New("codegen: no URL: give one (e2e codegen http://localhost:8080) or set base_url"))
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rec, err := record(ctx, cfg, o.url, out)
	if err != nil {
		return err
	}
	src, err := codegen.Generate(rec, codegen.GenOptions{Package: o.pkg, Flow: o.flow})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(o.output), 0o755); err != nil {
		return SetupError(fmt.Errorf("codegen: %w", err))
	}
	if err := os.WriteFile(o.output, src, 0o644); err != nil {
		return SetupError(fmt.Errorf("codegen: %w", err))
	}
	fmt.Fprintf(out, "Wrote %s: %d actions. Add %s to the suite's Flows.\n", o.output, len(rec.Actions), codegen.FlowVar(o.flow))
	return nil
}

// record opens a visible browser on url and records until ctx ends or the browser closes.
func record(ctx context.Context, cfg *config.Config, url string, out io.Writer) (*codegen.Recording, error) {
	open, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	b, err := browser.Open(open, browser.Options{Bin: cfg.Browser.Bin, Args: cfg.Browser.Args, Headless: false})
	if err != nil {
		return nil, SetupError(fmt.Errorf("codegen: %w", err))
	}
	defer b.Close()
	bc, err := b.NewContext(open)
	if err != nil {
		return nil, SetupError(fmt.Errorf("codegen: %w", err))
	}
	page, err := bc.NewPage(open)
	if err != nil {
		return nil, SetupError(fmt.Errorf("codegen: %w", err))
	}
	fmt.Fprintf(out, "Recording on %s: click, type and navigate in the browser; press Ctrl-C or close the browser to write the code.\n", url)
	rec, err := codegen.Record(ctx, page, url, func(a codegen.Action) {
		switch a.Kind {
		case "fill": // typing reports every keystroke
		case "goto":
			fmt.Fprintf(out, "  goto %s\n", a.Value)
		default:
			fmt.Fprintf(out, "  %s %s\n", a.Kind, a.Loc.Describe())
		}
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		return nil, SetupError(err)
	}
	return rec, nil
}
