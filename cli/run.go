package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/appserver"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
)

func (p *program) runCmd() *cobra.Command {
	return p.configuredCmd("run", "Run the flows (all, or those matching --grep) and report", p.run)
}

// run starts what the run needs (the suite's app, the database probe), runs the flows and
// returns an exitError with the run's exit code.
func (p *program) run(cfg *config.Config) error {
	// A closed standard output (e2e run | head) must not kill the run before its reports:
	// writes then fail with EPIPE, which the list reporter takes as "nobody reads".
	signal.Ignore(syscall.SIGPIPE)
	selected, err := runner.Selected(p.suite, cfg)
	if err != nil {
		return SetupError(err)
	}
	plan, err := p.plan(cfg)
	if err != nil {
		return err
	}
	if cfg.Run.List {
		for _, j := range plan {
			fmt.Fprintln(p.io.out, j.ID)
		}
		return nil
	}
	if len(selected) == 0 {
		filter := "--grep " + redact.Quote(cfg.Run.Grep)
		if cfg.Run.GrepInvert != "" {
			filter += " --grep-invert " + redact.Quote(cfg.Run.GrepInvert)
		}
		return SetupError(fmt.Errorf("no flow matches %s: see %s list", filter, p.name))
	}
	only, note, err := p.lastFailed(cfg)
	if err != nil {
		return err
	}
	switch {
	case note != "":
		fmt.Fprintln(p.io.err, p.name+": "+note)
	case only != nil && len(plan) == 0: // as Playwright's: the last run left nothing to run
		fmt.Fprintln(p.io.err, p.name+": "+nothingFailed(len(only)))
		return nil
	}
	if !cfg.Artifacts.Redact.Enabled {
		fmt.Fprintln(p.io.err, p.name+": warning: artifacts.redact.enabled is false: artifacts may hold passwords, cookies and tokens; do not attach them to tickets")
	}

	ctx, stop := interruptContext()
	defer stop()

	// From here on errors quote URLs and DSNs: with their secrets masked, as the config command
	// shows them.
	scrubbed := func(err error) error { return errors.New(cfg.Scrub(err.Error())) }
	if err := runner.CheckBrowser(cfg, selected); err != nil {
		return SetupError(scrubbed(err))
	}
	app, err := runner.StartApp(ctx, cfg, p.suite)
	if err != nil {
		return p.appError(ctx, cfg, scrubbed(err), err)
	}
	defer app.Close()

	runOpts, err := runner.Prepare(ctx, cfg, p.suite, selected, app, runner.IO{In: p.io.in, Out: p.io.out, Err: p.io.err}, p.version)
	if err != nil {
		return SetupError(scrubbed(err))
	}
	runOpts.Only = only
	rep, err := runner.Run(ctx, runOpts)
	switch {
	case errors.Is(err, runner.ErrSetup):
		return SetupError(scrubbed(err))
	case errors.Is(err, runner.ErrInterrupted):
		fmt.Fprintln(p.io.err, p.name+": interrupted: unfinished flows are marked interrupted in the reports")
		return &exitError{code: exitInterrupted}
	case err != nil && rep == nil:
		return SetupError(scrubbed(err))
	case err != nil:
		// One line however many reports failed: "reports: json report: ...; html report: ...".
		return &exitError{code: exitFail, err: fmt.Errorf("reports: %s", strings.ReplaceAll(scrubbed(err).Error(), "\n", "; "))}
	case rep.Status != report.StatusPassed:
		return &exitError{code: exitFail}
	}
	return nil
}

// appError is the exit of a run whose app did not start or seed: 130 after Ctrl-C, else exit 2
// with one line, and a server's last lines of output under it; a failed seed step also writes
// the reports, with the failed setup pseudo-flow.
func (p *program) appError(ctx context.Context, cfg *config.Config, scrubbed, err error) error {
	if ctx.Err() != nil {
		fmt.Fprintln(p.io.err, p.name+": interrupted while the app started: its servers are stopped")
		return &exitError{code: exitInterrupted}
	}
	var seed *runner.SeedError
	if errors.As(err, &seed) {
		if err := runner.WriteSetupReports(cfg, seed.Setup, p.io.out); err != nil {
			fmt.Fprintln(p.io.err, p.name+": warning: reports: "+oneLine(cfg.Scrub(err.Error())))
		}
	}
	var se *appserver.StartError
	if !errors.As(err, &se) {
		return SetupError(scrubbed)
	}
	fmt.Fprintln(p.io.err, p.name+": "+oneLine(scrubbed.Error()))
	fmt.Fprintln(p.io.err, p.name+": its last lines of output:")
	fmt.Fprintln(p.io.err, cfg.Scrub(se.Output))
	return &exitError{code: exitSetup}
}

// interruptContext is cancelled at the first SIGINT or SIGTERM. A second signal then ends the
// process at once, as the default handler does, after killing the app's servers.
func interruptContext() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-ch:
			cancel()
		case <-ctx.Done():
			return
		}
		// The second signal ends the process at once, as the default handler would, but first
		// kills the app's servers, which run in process groups of their own.
		sig := <-ch
		appserver.KillAll()
		signal.Stop(ch)
		if s, ok := sig.(syscall.Signal); ok {
			_ = syscall.Kill(os.Getpid(), s)
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel()
	}
}
