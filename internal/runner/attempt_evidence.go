package runner

// The evidence of an attempt: the capture at its first failure, the redaction of what reports
// show, and the writing of its artifacts.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/audit"
	"github.com/e2e-dev/e2e/browser"
)

// Capture takes the evidence of a failure now, once: a full-page screenshot, the DOM and the
// network so far. Later calls do nothing. It never fails: what cannot be collected is noted, and
// it gives up within the evidence timeout (at once on a browser found dead).
func (a *Attempt) Capture() {
	a.captureOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), a.env.evidenceTimeout())
		defer cancel()
		ev := &a.evidence
		ev.taken = true
		switch {
		case a.page == nil: // an API-only flow: its network is all there is
		case a.context.Browser.Dead() != nil:
			dead := a.context.Browser.Dead()
			ev.errs = append(ev.errs, fmt.Errorf("screenshot: %w", dead), fmt.Errorf("dom: %w", dead))
		default:
			if a.trace != nil && !a.firstClosed.Load() {
				a.trace.flowFailed() // when no page action failed
			}
			if a.firstClosed.Load() {
				ev.errs = append(ev.errs, errors.New("screenshot, dom: the flow closed its first tab (Tab.Close)"))
			} else {
				a.capturePage(ctx, a.page.Context(ctx))
			}
			a.captureTabs(ctx)
		}
		if a.rec != nil {
			a.rec.Flush(2 * time.Second)
		}
		if b, err := a.har.HAR().Marshal(); err != nil {
			ev.errs = append(ev.errs, fmt.Errorf("har: %w", err))
		} else {
			ev.har = b
		}
	})
}

// capturePage takes the screenshot and the DOM of p, whose calls are bounded by ctx.
func (a *Attempt) capturePage(ctx context.Context, p *rod.Page) {
	ev := &a.evidence
	a.secretCookies(p)
	browser.Unblock(p)
	if len(a.tabs) > 0 || len(a.others) > 0 {
		toFront(p)
	}
	if shot, err := browser.FullPageScreenshot(p); err != nil {
		ev.errs = append(ev.errs, fmt.Errorf("screenshot: %w", a.evidenceErr(ctx, err)))
	} else {
		ev.screenshot = shot
	}
	if dom, err := browser.SerializeDOM(p); err != nil {
		ev.errs = append(ev.errs, fmt.Errorf("dom: %w", a.evidenceErr(ctx, err)))
	} else {
		ev.dom = dom
	}
}

// toFront brings p's tab to the front: a browser started without e2e's flags (a DevTools
// endpoint's) paints only the tab in front, and a screenshot of another waits for a frame that
// never comes.
func toFront(p *rod.Page) { _ = proto.PageBringToFront{}.Call(p) }

// evidenceErr says why a piece of evidence could not be collected: the browser died, the
// evidence timeout ran out, or err.
func (a *Attempt) evidenceErr(ctx context.Context, err error) error {
	if dead := a.context.Browser.Dead(); dead != nil {
		return dead
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("gave up after the evidence timeout (%s): %w", a.env.evidenceTimeout(), err)
	}
	return err
}

// secretCookies registers the context's cookie values (the session id among them) as secrets.
// (The recorder registers every cookie that goes over the wire as it goes, and the backend
// client the cookies it sends; this catches what neither saw, recording off.)
func (a *Attempt) secretCookies(p *rod.Page) {
	if a.redactor == nil {
		return
	}
	// The page's own call (its current URL's cookies), bounded by p's context: rod's
	// Page.Cookies(nil) first asks the browser for the URL in the browser's unbounded context.
	res, err := proto.NetworkGetCookies{}.Call(p)
	if err != nil {
		return
	}
	for _, c := range res.Cookies {
		a.redactor.AddSecret(c.Value)
	}
}

// Redacted returns the failure and the steps as reports and artifacts show them: with every
// secret the attempt has seen scrubbed, and the values of sensitive keys in quoted JSON.
func (a *Attempt) Redacted(f *report.Failure, steps []report.StepReport) (*report.Failure, []report.StepReport) {
	if a.redactor == nil {
		return f, steps
	}
	if a.rec == nil && a.page != nil { // recording off: no recorder saw the cookies go by
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		a.secretCookies(a.page.Context(ctx))
		cancel()
	}
	if f != nil {
		f = a.redactedFailure(f)
	}
	out := make([]report.StepReport, len(steps))
	for i, st := range steps {
		st.Name, st.Error = a.text(st.Name), a.text(st.Error)
		out[i] = st
	}
	return f, out
}

// redactedFailure is f, and the failures after it, with their texts scrubbed.
func (a *Attempt) redactedFailure(f *report.Failure) *report.Failure {
	out := &report.Failure{Message: a.text(f.Message), Step: a.text(f.Step), Details: a.text(f.Details), Location: f.Location}
	for _, m := range f.More {
		out.More = append(out.More, *a.redactedFailure(&m))
	}
	return out
}

// Outcome is how an attempt ended, for its artifacts.
type Outcome struct {
	// Failed is true when the attempt failed (or was interrupted).
	Failed bool
	// Failure describes it; nil when it passed.
	Failure *report.Failure
	// ID names the flow in error.txt.
	ID string
	// Audit is the attempt's audit, for security.txt; nil when it did not run.
	Audit *report.AuditReport
	// TraceOnly says a passing attempt is kept only for its trace (artifacts.trace on): its
	// trace, network, console and steps are written, not a screenshot or the DOM.
	TraceOnly bool
	// AttachmentsOnly says a passing attempt is kept only for what the flow attached
	// (F.Attach): its attachments are written, nothing else.
	AttachmentsOnly bool
}

// networkNow returns the HAR of the network so far, nil when it cannot be had.
func (a *Attempt) networkNow() []byte {
	if a.rec != nil {
		a.rec.Flush(2 * time.Second)
	}
	b, err := a.har.HAR().Marshal()
	if err != nil {
		return nil
	}
	return b
}

// WriteArtifacts writes the attempt's evidence into dir and returns the files written by kind,
// relative to base. Each artifact is written on its own: one that fails does not stop the
// others, and the errors are joined.
func (a *Attempt) WriteArtifacts(dir, base string, out Outcome) (map[string]string, error) {
	if out.Failed {
		a.Capture()
	}
	files := map[string]string{}
	var errs []error
	writeAs := func(kind, file string, data []byte) {
		path := filepath.Join(dir, file)
		if err := artifacts.WriteFileAtomic(path, data); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", kind, err))
			return
		}
		files[kind] = relTo(base, path)
	}
	write := func(kind string, data []byte) { writeAs(kind, report.ArtifactFiles[kind], data) }
	a.writeAttachments(writeAs)
	if out.AttachmentsOnly && !out.Failed {
		return files, errors.Join(errs...)
	}
	ev := a.evidence
	switch {
	case ev.taken:
	case out.TraceOnly: // a passing attempt kept for its trace: its network, no screenshot or DOM
		ev.har = a.networkNow()
	default: // a passing attempt kept under artifacts.mode=on
		a.Capture()
		ev = a.evidence
	}
	if ev.screenshot != nil {
		write(report.ArtifactScreenshot, ev.screenshot)
	}
	if ev.har != nil {
		write(report.ArtifactHAR, ev.har)
	}
	if ev.dom != "" {
		write(report.ArtifactDOM, []byte(a.html(ev.dom)))
	}
	var buf bytes.Buffer
	if err := a.console.WriteText(&buf, a.redactor); err == nil {
		write(report.ArtifactConsole, buf.Bytes())
	}
	buf.Reset()
	if err := a.steps.WriteText(&buf, a.started); err == nil {
		write(report.ArtifactSteps, []byte(a.text(buf.String())))
	}
	if out.Audit != nil {
		text := audit.Text(out.Audit.Findings)
		if text == "" {
			text = "no findings\n"
		}
		write(report.ArtifactSecurity, []byte(text))
	}
	for _, t := range a.tabs {
		a.writeTab(t, out, writeAs)
		ev.errs = append(ev.errs, t.errs...)
	}
	for kind, path := range a.keptDownloads() {
		files[kind] = relTo(base, path)
	}
	if out.Failed {
		write(report.ArtifactError, []byte(a.text(errorText(out, ev.errs))))
	}
	if a.traceErr != nil && a.env.Trace.Keeps(out.Failed) {
		errs = append(errs, a.traceErr)
	}
	if a.trace != nil && a.env.Trace.Keeps(out.Failed) {
		if p, err := a.trace.write(dir, out.Failed, a.console, a.html, a.text); p != "" {
			if rel, rerr := filepath.Rel(base, p); rerr == nil {
				files[report.ArtifactTrace] = filepath.ToSlash(rel)
			}
			if err != nil {
				errs = append(errs, err)
			}
		} else if err != nil {
			errs = append(errs, err)
		}
	}
	return files, errors.Join(errs...)
}

// relTo is path relative to base, with slashes, as reports name files.
func relTo(base, path string) string {
	rel, err := filepath.Rel(base, path)
	if err != nil {
		rel = path
	}
	return filepath.ToSlash(rel)
}

// writeTab writes the evidence of a further tab t, each file led by its name
// ("tab-2-screenshot.png", kind "tab 2 screenshot"); a passing attempt kept for its trace gets
// its network and console only.
func (a *Attempt) writeTab(t *tabRec, out Outcome, writeAs func(kind, file string, data []byte)) {
	for _, kind := range []string{report.ArtifactScreenshot, report.ArtifactDOM, report.ArtifactHAR, report.ArtifactConsole} {
		var data []byte
		switch kind {
		case report.ArtifactScreenshot:
			data = t.screenshot
		case report.ArtifactDOM:
			if t.dom != "" {
				data = []byte(a.html(t.dom))
			}
		case report.ArtifactHAR:
			if data = t.harJSON; data == nil {
				data = tabHAR(t)
			}
		case report.ArtifactConsole:
			if t.console != nil {
				var buf bytes.Buffer
				if t.console.WriteText(&buf, a.redactor) == nil {
					data = append([]byte{}, buf.Bytes()...)
				}
			}
		}
		if data != nil {
			writeAs(t.name+" "+kind, tabFile(t.name, report.ArtifactFiles[kind]), data)
		}
	}
}

// keptDownloads are the files the flow downloaded into the attempt's artifacts folder, by kind
// ("download shelf.csv").
func (a *Attempt) keptDownloads() map[string]string {
	out := map[string]string{}
	if a.keepDir == "" {
		return out
	}
	entries, _ := os.ReadDir(a.downloadsDir())
	for _, e := range entries {
		if !e.IsDir() {
			out["download "+e.Name()] = filepath.Join(a.downloadsDir(), e.Name())
		}
	}
	return out
}

// text scrubs a text of the tester's own: a failure, a step, the step log.
func (a *Attempt) text(s string) string { return a.redactor.Message(s) }

func (a *Attempt) html(s string) string {
	if a.redactor == nil {
		return s
	}
	return a.redactor.HTML(s)
}

// errorText is error.txt: the flow, the step, expected against found, and the full details.
func errorText(out Outcome, captureErrs []error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "flow: %s\n", out.ID)
	if out.Failure != nil {
		if out.Failure.Step != "" { // none when it failed between steps
			fmt.Fprintf(&b, "step: %s\n", out.Failure.Step)
		}
		fmt.Fprintf(&b, "error: %s\n", out.Failure.Message)
		if loc := out.Failure.Location; loc != nil {
			wd, _ := os.Getwd()
			fmt.Fprintf(&b, "at: %s\n", loc.Near(wd))
		}
		if out.Failure.Details != "" {
			fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(out.Failure.Details))
		}
	}
	for _, err := range captureErrs {
		fmt.Fprintf(&b, "\nnot collected: %v\n", err)
	}
	return b.String()
}

// Close ends the routes (writing the HAR files of those in update mode), stops recording and
// disposes of the contexts with their tabs.
func (a *Attempt) Close() error {
	var errs []error
	if a.router != nil {
		errs = append(errs, a.router.Close())
	}
	if a.rec != nil {
		a.rec.Stop()
	}
	if a.trace != nil {
		a.trace.stop()
	}
	if a.dialogs != nil {
		a.dialogs.Close()
	}
	errs = append(errs, a.closeTabs())
	if a.context != nil {
		errs = append(errs, a.context.Close())
	}
	return errors.Join(errs...)
}
