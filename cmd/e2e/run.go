package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// runOptions are e2e run's inputs besides its configuration.
type runOptions struct {
	io    stdio
	flags *pflag.FlagSet
	// suite is the flows to choose from; nil means the reference shop's.
	suite []flows.Flow
	// env is the environment config reads (nil: the process's).
	env []string
	// signals, when set, replaces SIGINT/SIGTERM handling: the run stops when it is closed.
	signals <-chan struct{}
}

func newRunCmd(io stdio) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run the flows (all, or those matching --grep) and report",
		Args:  cobra.NoArgs,
	}
	config.BindFlags(cmd.Flags())
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return run(runOptions{io: io, flags: cmd.Flags()})
	}
	return cmd
}

// run loads the configuration, starts what the run needs (the built-in shop, the database
// probe), runs the flows and returns an exitError with the run's exit code.
func run(opts runOptions) error {
	// A closed standard output (e2e run | head) must not kill the run before its reports:
	// writes then fail with EPIPE, which the list reporter takes as "nobody reads".
	signal.Ignore(syscall.SIGPIPE)
	cfg, err := config.Load(config.LoadOptions{Flags: opts.flags, Env: opts.env})
	if err != nil {
		return setupError(err)
	}
	suite := opts.suite
	if suite == nil {
		suite = flows.ShopSuite()
	}
	selected, err := selectFlows(suite, cfg)
	if err != nil {
		return setupError(err)
	}
	if cfg.Run.List {
		si, sn := cfg.Run.ShardIndex()
		for _, id := range flows.Plan(selected, cfg.Run.RepeatEach, flows.Shard{Index: si, Total: sn}) {
			fmt.Fprintln(opts.io.out, id)
		}
		return nil
	}
	if len(selected) == 0 {
		return setupError(fmt.Errorf("no flow matches --grep %q --grep-invert %q: see e2e list", cfg.Run.Grep, cfg.Run.GrepInvert))
	}
	if !cfg.Artifacts.Redact.Enabled {
		fmt.Fprintln(opts.io.err, "e2e: warning: artifacts.redact.enabled is false: artifacts may hold passwords, cookies and tokens; do not attach them to tickets")
	}

	ctx, stop := interruptContext(opts.signals)
	defer stop()

	// From here on errors quote URLs and DSNs: with their secrets masked, as e2e config shows them.
	scrubbed := func(err error) error { return errors.New(cfg.Scrub(err.Error())) }
	app, err := flows.StartApp(ctx, cfg)
	if err != nil {
		return setupError(scrubbed(err))
	}
	defer app.Close()

	runOpts, err := runnerOptions(ctx, cfg, opts, selected, app)
	if err != nil {
		return setupError(scrubbed(err))
	}
	rep, err := flows.Run(ctx, runOpts)
	switch {
	case errors.Is(err, flows.ErrInterrupted):
		fmt.Fprintln(opts.io.err, "e2e: interrupted: unfinished flows are marked interrupted in the reports")
		return &exitError{code: exitInterrupted}
	case err != nil && rep == nil:
		return setupError(scrubbed(err))
	case err != nil:
		return &exitError{code: exitFail, err: fmt.Errorf("reports: %w", scrubbed(err))}
	case rep.Status != report.StatusPassed:
		return &exitError{code: exitFail}
	}
	return nil
}

// selectFlows applies --grep, --grep-invert to the suite.
func selectFlows(suite []flows.Flow, cfg *config.Config) ([]flows.Flow, error) {
	var grep, invert *regexp.Regexp
	var err error
	if cfg.Run.Grep != "" {
		if grep, err = regexp.Compile(cfg.Run.Grep); err != nil {
			return nil, fmt.Errorf("--grep: %w", err)
		}
	}
	if cfg.Run.GrepInvert != "" {
		if invert, err = regexp.Compile(cfg.Run.GrepInvert); err != nil {
			return nil, fmt.Errorf("--grep-invert: %w", err)
		}
	}
	return flows.Select(suite, grep, invert), nil
}

// interruptContext is cancelled at the first SIGINT or SIGTERM (or when signals closes). A
// second signal then ends the process at once, as the default handler does.
func interruptContext(signals <-chan struct{}) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	if signals != nil {
		go func() {
			select {
			case <-signals:
				cancel()
			case <-ctx.Done():
			}
		}()
		return ctx, cancel
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-ch:
			signal.Stop(ch)
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel()
	}
}

// runnerOptions turns the configuration into the runner's options, with the reporters and the
// debugging hooks of the command line.
func runnerOptions(ctx context.Context, cfg *config.Config, opts runOptions, selected []flows.Flow, app *flows.App) (flows.Options, error) {
	o := flows.OptionsFor(cfg, selected, app, version)
	dbg, err := newDebugger(ctx, cfg, opts.io)
	if err != nil {
		return o, err
	}
	o.Env.Observe = dbg.observe
	if dbg.pauseOnFailure {
		o.OnFailure = dbg.pauseAtFailure
	}
	o.Reporters = reportersFor(cfg, opts.io)
	return o, nil
}

// reportersFor builds the configured reporters: the list reporter on standard output (live on
// a terminal, plain lines in CI), the file reporters in the artifacts folder. A shard always
// writes report.json, for e2e merge-reports.
func reportersFor(cfg *config.Config, io stdio) []report.Reporter {
	names := cfg.Run.Reporters
	if cfg.Run.Shard != "" && !slices.Contains(names, config.ReporterJSON) {
		names = append(slices.Clip(names), config.ReporterJSON)
	}
	tty := isTerminal(io.out) && os.Getenv("CI") == ""
	var rs []report.Reporter
	for _, name := range names {
		if r := newReporter(name, cfg.Artifacts.Dir, io, tty); r != nil {
			rs = append(rs, r)
		}
	}
	return rs
}

// newReporter returns the reporter called name writing into dir, or nil for an unknown name.
func newReporter(name, dir string, io stdio, tty bool) report.Reporter {
	switch name {
	case config.ReporterList:
		return report.NewListReporter(io.out, report.ListOptions{TTY: tty, Color: tty, Dir: dir, Width: terminalWidth(io.out)})
	case config.ReporterJUnit:
		return report.NewJUnitReporter(filepath.Join(dir, "junit.xml"))
	case config.ReporterJSON:
		return report.NewJSONReporter(filepath.Join(dir, "report.json"))
	case config.ReporterHTML:
		return report.NewHTMLReporter(filepath.Join(dir, "index.html"))
	}
	return nil
}
