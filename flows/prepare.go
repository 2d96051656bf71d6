package flows

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
)

// IO is where a run meets its user.
type IO struct {
	// In gives the Enter that ends a debug pause; nil means an empty input: pauses do not wait.
	In io.Reader
	// Out gets the list reporter's lines, the live steps of a headed run and the pauses.
	Out io.Writer
}

// Prepare returns the runner's options for the selected flows of suite against app, from the
// configuration: the workers, retries, timeouts, browser and artifacts settings, the suite's
// hooks, the reporters run.reporters names and the debugging hooks (--debug pauses at a
// failure, --headed shows live steps, --pause-before). Both front doors, cli and flowtest,
// run through it.
func Prepare(ctx context.Context, cfg *config.Config, suite Suite, selected []Flow, app *App, std IO, version string) (Options, error) {
	o := OptionsFor(cfg, selected, app, version)
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
	return o, nil
}

// ReportersFor builds the reporters run.reporters names: the list reporter on out (live on a
// terminal, plain lines in CI), the file reporters in the artifacts folder. A shard always
// writes report.json, for merge-reports.
func ReportersFor(cfg *config.Config, out io.Writer) []report.Reporter {
	names := cfg.Run.Reporters
	if cfg.Run.Shard != "" && !slices.Contains(names, config.ReporterJSON) {
		names = append(slices.Clip(names), config.ReporterJSON)
	}
	tty := isTerminal(out) && os.Getenv("CI") == ""
	var rs []report.Reporter
	for _, name := range names {
		if r := NewReporter(name, cfg.Artifacts.Dir, out, tty); r != nil {
			rs = append(rs, r)
		}
	}
	return rs
}

// NewReporter returns the reporter called name (list, junit, json, html) writing into dir (the
// list reporter on out, live when tty), or nil for an unknown name.
func NewReporter(name, dir string, out io.Writer, tty bool) report.Reporter {
	switch name {
	case config.ReporterList:
		return report.NewListReporter(out, report.ListOptions{TTY: tty, Color: tty, Dir: dir, Width: terminalWidth(out)})
	case config.ReporterJUnit:
		return report.NewJUnitReporter(filepath.Join(dir, "junit.xml"))
	case config.ReporterJSON:
		return report.NewJSONReporter(filepath.Join(dir, "report.json"))
	case config.ReporterHTML:
		return report.NewHTMLReporter(filepath.Join(dir, "index.html"))
	}
	return nil
}
