package runner

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
)

// setupFailure is the failure of an attempt whose context or page could not be opened: one line
// saying the browser died when it did, else what went wrong.
func (w *worker) setupFailure(err error) *report.Failure {
	f := &report.Failure{Message: oneLine(err), Step: "open a browser context"}
	var dead *browser.DeadError
	if errors.As(err, &dead) {
		f.Message, f.Details = dead.Error(), err.Error()
	}
	return f
}

// deadFailure makes the failure of an attempt whose browser died meanwhile say so in one line
// ("browser stopped answering (no reply to Runtime.evaluate in 7s)", "grid node went away"):
// whatever the flow's own step then saw is a consequence, kept in the details.
func (w *worker) deadFailure(f *report.Failure) *report.Failure {
	dead := w.browser.Dead()
	if dead == nil || f == nil {
		return f
	}
	details := f.Message
	if f.Details != "" {
		details += "\n\n" + f.Details
	}
	return &report.Failure{Message: dead.Error(), Step: f.Step, Details: details}
}

// lostIn is why an attempt lost its browser: the browser's death, and the step the flow was in
// when it came ("grid node went away (...), in step \"login page: log in\"").
func lostIn(dead error, f *report.Failure) error {
	if f == nil || f.Step == "" {
		return dead
	}
	return fmt.Errorf("%w, in step %q", dead, f.Step)
}

// artifactsNotWritten says in one line that an attempt's evidence could not all be written (a
// read-only or full artifacts folder): the attempt's status stays what it was.
func (w *worker) artifactsNotWritten(id string, err error, f *report.Failure) {
	first := err
	if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 0 {
		first = j.Unwrap()[0]
	}
	w.warnf("artifacts of %s not all written: %s%s", id, oneLine(first), diskHint(err))
	if f != nil {
		f.Details += "\n\nartifacts not written: " + err.Error()
	}
}

// diskHint is what to do about a write error the disk caused, with its separator; empty for
// other errors.
func diskHint(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return ": free some space or choose another artifacts.dir"
	case errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return ": choose a writable artifacts.dir"
	}
	return ""
}

// warnf tells the user about trouble that changes no flow's status, in one line.
func (w *worker) warnf(format string, args ...any) {
	if w.opts.Warn != nil {
		w.opts.Warn(fmt.Sprintf(format, args...))
	}
}

// oneLine returns err's text on one line: joined errors are separated by "; ".
func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
}
