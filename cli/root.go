package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/browser"
)

// Exit codes.
const (
	exitPass        = 0
	exitFail        = 1   // a flow failed
	exitSetup       = 2   // bad configuration or setup: nothing ran
	exitInterrupted = 130 // Ctrl-C or SIGTERM
)

// version is e2e's version, set at build time with -ldflags "-X main.version=...".
var version = "dev"

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

// setupError marks err as a user-fixable setup problem: exit 2.
func setupError(err error) error { return &exitError{code: exitSetup, err: err} }

// stdio is the command's standard streams.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// execute runs the command line args and returns the exit code. Errors print as one line. On
// every way out, a panic included, every browser it opened is closed.
func execute(args []string, in io.Reader, out, errw io.Writer) (code int) {
	defer func() { _ = browser.CloseAll() }()
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(errw, "e2e: internal error: %v (a bug: please report it with the command line)\n", r)
			code = exitSetup
		}
	}()
	io := stdio{in: in, out: out, err: errw}
	root := &cobra.Command{
		Use:           "e2e",
		Short:         "Walk user flows in real Chromium and check the UI and the backend",
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       version,
	}
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errw)
	root.AddCommand(newRunCmd(io), newListCmd(io), newShopCmd(io), newConfigCmd(io), newMergeCmd(io))

	err := root.Execute()
	if err == nil {
		return exitPass
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(errw, "e2e: "+oneLine(ee.err.Error()))
		}
		return ee.code
	}
	// Cobra's own errors: unknown command or flag, bad flag value.
	fmt.Fprintln(errw, "e2e: "+oneLine(err.Error())+" (see e2e --help)")
	return exitSetup
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
