// Package cli is a suite's command line: e2e's own (cmd/e2e) and any team's, whose main.go is
//
//	func main() { cli.Main(mysuite.Suite()) }
//
// It has every command and flag of e2e, and runs the flows without a command (NAME --workers 2
// is NAME run --workers 2): run (workers, retries, repeat-each, shard, reporters,
// debug, headed, slowmo, highlight, pause-before, remote browsers, pin-workers), list, config,
// merge-reports and codegen, with SIGINT handling and exit codes 0 (passed), 1 (a flow failed), 2
// (configuration or setup) and 130 (interrupted). main.go only routes: each command is an
// options struct and a function that runs it.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
)

// Exit codes.
const (
	exitPass        = 0
	exitFail        = 1   // a flow failed
	exitSetup       = 2   // bad configuration or setup: nothing ran
	exitInterrupted = 130 // Ctrl-C or SIGTERM
)

// Option changes the command line Main builds.
type Option func(*program)

// WithCommand adds a command of the suite's own (e2e shop serves the reference shop).
func WithCommand(c *cobra.Command) Option {
	return func(p *program) { p.extra = append(p.extra, c) }
}

// WithName names the program in its help and messages; the default is the executable's name.
func WithName(name string) Option { return func(p *program) { p.name = name } }

// WithVersion sets what --version prints and the HAR's creator version.
func WithVersion(v string) Option { return func(p *program) { p.version = v } }

// WithShort sets the one-line description of the program in its help.
func WithShort(s string) Option { return func(p *program) { p.short = s } }

// program is one suite's command line.
type program struct {
	suite   flows.Suite
	name    string
	version string
	short   string
	extra   []*cobra.Command
	io      stdio
}

// stdio is the command's standard streams.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// exitError carries an exit code with an optional one-line message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// ExitCode is the code the program exits with.
func (e *exitError) ExitCode() int { return e.code }

// SetupError marks err as a user-fixable setup problem: the command prints it as one line and
// exits 2. A suite's own commands return it, or any error with an ExitCode() int method of
// their own (a package that cannot import cli: the app under test).
func SetupError(err error) error { return &exitError{code: exitSetup, err: err} }

// Main runs the suite's command line with the process's arguments and standard streams, and
// exits with its code.
func Main(suite flows.Suite, opts ...Option) {
	os.Exit(Run(suite, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, opts...))
}

// Run runs the command line args of the suite and returns the exit code. Errors print as one
// line. On every way out, a panic included, every browser it opened is closed.
func Run(suite flows.Suite, args []string, in io.Reader, out, errw io.Writer, opts ...Option) (code int) {
	p := &program{suite: suite, version: "dev", io: stdio{in: in, out: out, err: errw}}
	p.name = filepath.Base(os.Args[0])
	for _, o := range opts {
		o(p)
	}
	return p.execute(args)
}

func (p *program) execute(args []string) (code int) {
	defer func() { _ = browser.CloseAll() }()
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(p.io.err, "%s: internal error: %v (a bug: please report it with the command line)\n", p.name, r)
			code = exitSetup
		}
	}()
	if err := runner.Register(p.suite); err != nil {
		fmt.Fprintf(p.io.err, "%s: suite %s: %s\n", p.name, p.suite.Name, oneLine(err.Error()))
		return exitSetup
	}
	short := p.short
	if short == "" {
		short = "Walk the " + p.suite.Name + " suite's user flows in real Chromium and check the UI and the backend"
	}
	// The program itself runs the flows, as its run command does: a suite's binary exists to run
	// them, so "NAME --workers 2" (or NAME alone) is "NAME run --workers 2" rather than an
	// unknown flag. A word that is no command is still an error, with the closest command.
	root := p.configure(&cobra.Command{
		Use:                        p.name,
		Short:                      short,
		Long:                       short + ".\n\n" + p.name + " [flags] runs the flows, as " + p.name + " run [flags] does.",
		Args:                       unknownCommand,
		SuggestionsMinimumDistance: 2,
		SilenceErrors:              true,
		SilenceUsage:               true,
		Version:                    p.version,
	}, p.run)
	if wantsVersion(args) {
		root.SetVersionTemplate(p.versionText())
	}
	root.SetArgs(args)
	root.SetIn(p.io.in)
	root.SetOut(p.io.out)
	root.SetErr(p.io.err)
	root.AddCommand(p.runCmd(), p.listCmd(), p.configCmd(), p.mergeCmd(), p.showReportCmd(), CodegenCommand())
	root.AddCommand(p.extra...)

	err := root.Execute()
	if err == nil {
		return exitPass
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(p.io.err, p.name+": "+oneLine(ee.err.Error()))
		}
		return ee.code
	}
	var coded interface{ ExitCode() int }
	if errors.As(err, &coded) {
		fmt.Fprintln(p.io.err, p.name+": "+oneLine(err.Error()))
		return coded.ExitCode()
	}
	// Cobra's own errors: unknown command or flag, bad flag value.
	fmt.Fprintln(p.io.err, p.name+": "+oneLine(flagError(err.Error()))+" (see "+p.name+" --help)")
	return exitSetup
}

// strconvError is the part of a bad flag value's error that is Go's, not the user's.
var strconvError = regexp.MustCompile(`strconv\.Parse(Int|Uint|Float|Bool): parsing "[^"]*": (invalid syntax|value out of range)`)

// flagError is a flag parser's error in the user's words: `invalid argument "two" for "-j,
// --workers" flag: expected an integer`, not strconv's.
func flagError(msg string) string {
	return strconvError.ReplaceAllStringFunc(msg, func(m string) string {
		sub := strconvError.FindStringSubmatch(m)
		if sub[2] == "value out of range" {
			return "out of range"
		}
		return map[string]string{"Int": "expected an integer", "Uint": "expected a whole number", "Float": "expected a number", "Bool": "expected true or false"}[sub[1]]
	})
}

// unknownCommand refuses any argument of the program itself: a word there is a mistyped
// command, named with the closest one.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %s", redact.Quote(args[0]))
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", s[0])
	}
	return errors.New(msg)
}

// maxLine bounds a line e2e prints for an error: its parts quote values bounded already; this
// is the last guard, for a library's error that quotes one whole (a flag's value, twice).
const maxLine = 2000

// oneLine is an error's text as e2e prints it: one line, the secrets Shapes knows by their
// shape masked, at most maxLine bytes.
func oneLine(s string) string {
	return redact.Bound(redact.Shapes(strings.Join(strings.Fields(s), " ")), maxLine)
}
