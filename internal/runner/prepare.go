package runner

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// IO is where a run meets its user.
type IO struct {
	// In gives the Enter that ends a debug pause; nil means an empty input: pauses do not wait.
	In io.Reader
	// Out gets the list reporter's lines, the live steps of a headed run and the pauses.
	Out io.Writer
	// Err gets the warnings: one line each, "e2e: warning: ..." (evidence that could not be
	// written, a dead grid session that could not be ended); nil means Out.
	Err io.Writer
}

// Prepare returns the runner's options for the selected flows of suite against app, from the
// configuration: the workers, retries, timeouts, browser and artifacts settings, the suite's
// hooks, the reporters run.reporters names and the debugging hooks (--debug pauses at a
// failure, --headed shows live steps, --pause-before). Both front doors, cli and flowtest,
// run through it.
func Prepare(ctx context.Context, cfg *config.Config, suite flows.Suite, selected []flows.Flow, app *App, std IO, version string) (Options, error) {
	o := OptionsFor(cfg, selected, app, version)
	projects, err := Projects(suite, cfg)
	if err != nil {
		return o, err
	}
	o.Projects = projects
	o.Env.Snapshots.Suite = suite.Name
	o.Workers = cfg.Workers(len(selected) * max(len(projects), 1) * max(cfg.Run.RepeatEach, 1))
	o.BeforeEach, o.AfterEach = suite.BeforeEach, suite.AfterEach
	app.withSetup(&o, cfg)
	if std.In == nil {
		std.In = strings.NewReader("")
	}
	if std.Out == nil {
		std.Out = io.Discard
	}
	dbg, err := newDebugger(ctx, cfg, std)
	if err != nil {
		return o, err
	}
	o.Env.Observe = dbg.observe
	if dbg.pauseOnFailure {
		o.OnFailure = dbg.pauseAtFailure
	}
	o.Reporters = ReportersFor(cfg, std.Out)
	o.Warn = warner(cfg, cmp.Or[io.Writer](std.Err, std.Out))
	return o, nil
}

// warner returns an Options.Warn that writes each warning on one line of w, its secrets masked
// as e2e config shows them.
func warner(cfg *config.Config, w io.Writer) func(string) {
	var mu sync.Mutex
	return func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(w, "e2e: warning: "+cfg.Scrub(msg))
	}
}

// ReportersFor builds the reporters run.reporters names: the list reporter on out (live on a
// terminal, plain lines in CI), the file reporters in the artifacts folder. A shard always
// writes report.json, for merge-reports.
func ReportersFor(cfg *config.Config, out io.Writer) []report.Reporter {
	names := cfg.Run.Reporters
	if cfg.Run.Shard != "" && !slices.Contains(names, report.ReporterJSON) {
		names = append(slices.Clip(names), report.ReporterJSON)
	}
	tty := isTerminal(out) && os.Getenv("CI") == ""
	list := report.ListOptions{TTY: tty, Color: tty, Width: terminalWidth(out)}
	var rs []report.Reporter
	for _, name := range names {
		if r := report.NewReporter(name, cfg.Artifacts.Dir, out, list); r != nil {
			rs = append(rs, r)
		}
	}
	return rs
}
