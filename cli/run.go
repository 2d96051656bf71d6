package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
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
	selected, err := p.suite.Selected(cfg)
	if err != nil {
		return SetupError(err)
	}
	if cfg.Run.List {
		si, sn := cfg.Run.ShardIndex()
		for _, id := range flows.Plan(selected, cfg.Run.RepeatEach, flows.Shard{Index: si, Total: sn}) {
			fmt.Fprintln(p.io.out, id)
		}
		return nil
	}
	if len(selected) == 0 {
		return SetupError(fmt.Errorf("no flow matches --grep %q --grep-invert %q: see %s list", cfg.Run.Grep, cfg.Run.GrepInvert, p.name))
	}
	if !cfg.Artifacts.Redact.Enabled {
		fmt.Fprintln(p.io.err, p.name+": warning: artifacts.redact.enabled is false: artifacts may hold passwords, cookies and tokens; do not attach them to tickets")
	}

	ctx, stop := interruptContext()
	defer stop()

	// From here on errors quote URLs and DSNs: with their secrets masked, as the config command
	// shows them.
	scrubbed := func(err error) error { return errors.New(cfg.Scrub(err.Error())) }
	app, err := flows.StartApp(ctx, cfg, p.suite)
	if err != nil {
		return SetupError(scrubbed(err))
	}
	defer app.Close()

	runOpts, err := flows.Prepare(ctx, cfg, p.suite, selected, app, flows.IO{In: p.io.in, Out: p.io.out}, p.version)
	if err != nil {
		return SetupError(scrubbed(err))
	}
	rep, err := flows.Run(ctx, runOpts)
	switch {
	case errors.Is(err, flows.ErrInterrupted):
		fmt.Fprintln(p.io.err, p.name+": interrupted: unfinished flows are marked interrupted in the reports")
		return &exitError{code: exitInterrupted}
	case err != nil && rep == nil:
		return SetupError(scrubbed(err))
	case err != nil:
		return &exitError{code: exitFail, err: fmt.Errorf("reports: %w", scrubbed(err))}
	case rep.Status != report.StatusPassed:
		return &exitError{code: exitFail}
	}
	return nil
}

// interruptContext is cancelled at the first SIGINT or SIGTERM. A second signal then ends the
// process at once, as the default handler does.
func interruptContext() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
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
