package report

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// ListOptions say how the terminal list reporter writes.
type ListOptions struct {
	// TTY keeps a live status line (the flows running now and the counts so far) at the bottom,
	// redrawn in place and cleared before each permanent line. Off, every line is permanent and
	// plain: what CI logs want.
	TTY bool
	// Color colours the status marks, counts and failures with ANSI escapes.
	Color bool
	// Verbose prints every failed attempt of a flow with its full details, not only the last
	// failure's one-line message.
	Verbose bool
	// Dir is the artifacts folder as the user should see it ("test-results"): attempt folders,
	// which the report holds relative to it, are printed under it. Empty prints them as they are.
	Dir string
	// Width is the terminal's width in columns: the live status line is cut to fit on one line.
	// 0 means 80.
	Width int
	// Cwd is the working directory: a failure's source location under it is printed relative to
	// it, as editors and terminals open it. Empty prints locations as they are.
	Cwd string
	// MergedShards is how many shards' reports the run merges (merge-reports): when > 0 the
	// header says it merges them, not that flows run on workers.
	MergedShards int
}

// NewListReporter returns the terminal reporter: one permanent line per flow as it ends (with
// its failure below when it failed or was flaky) and a summary at the end. It is safe for
// concurrent use.
func NewListReporter(w io.Writer, opts ListOptions) Reporter {
	if opts.Width <= 0 {
		opts.Width = 80
	}
	return &listReporter{w: w, opts: opts}
}

// listReporter is the terminal reporter. Every method holds mu for its whole output, so that
// lines of concurrent workers never interleave.
type listReporter struct {
	mu      sync.Mutex
	w       io.Writer
	opts    ListOptions
	total   int
	running []string // ids of the flows running now, in start order
	counts  Totals   // flows ended so far
	done    int
	drawn   bool  // the live status line is on screen
	err     error // first write error, returned by RunEnded
	gone    bool  // the reader closed the pipe
}

// ANSI escapes used by the list reporter.
const (
	listReset     = "\x1b[0m"
	listRed       = "\x1b[31m"
	listGreen     = "\x1b[32m"
	listYellow    = "\x1b[33m"
	listMagenta   = "\x1b[35m"
	listDim       = "\x1b[2m"
	listClearLine = "\r\x1b[2K"
)

// RunStarted prints how many flows run on how many workers (or how many shards merge).
func (l *listReporter) RunStarted(total, workers int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total = total
	if total == 0 {
		return // a run that ended at the app's setup: its line says enough
	}
	if l.opts.MergedShards > 0 {
		l.permanent(fmt.Sprintf("Merging %s: %s\n\n", reportPlural(l.opts.MergedShards, "shard"), reportPlural(total, "flow")))
		return
	}
	l.permanent(fmt.Sprintf("Running %s using %s\n\n", reportPlural(total, "flow"), reportPlural(workers, "worker")))
}

// FlowStarted adds id to the flows the live status line shows; without a TTY it prints nothing.
func (l *listReporter) FlowStarted(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.running = append(l.running, id)
	if l.opts.TTY {
		l.clearStatus()
		l.drawStatus()
	}
}

// FlowEnded prints the flow's line and, for a failed, flaky or interrupted flow, why.
func (l *listReporter) FlowEnded(f FlowReport, done, total int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i := slices.Index(l.running, f.ID); i >= 0 {
		l.running = slices.Delete(l.running, i, i+1)
	}
	if !f.Setup {
		l.counts.Add(f.Status)
		l.done, l.total = done, total
	}
	var b strings.Builder
	l.writeFlowLine(&b, f, done, total)
	l.writeFailure(&b, f)
	l.permanent(b.String())
}

// RunEnded clears the live status line and prints the summary. It returns the first error
// writing to the terminal met during the run.
func (l *listReporter) RunEnded(r *RunReport) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r == nil {
		return errors.New("list reporter: no run report")
	}
	l.running = nil
	var b strings.Builder
	l.writeSummary(&b, r)
	if l.opts.TTY {
		l.clearStatus()
	}
	l.write(b.String())
	if l.err != nil {
		return fmt.Errorf("list reporter: write: %w", l.err)
	}
	return nil
}

// permanent prints text (whole lines) above the live status line, then redraws it.
func (l *listReporter) permanent(text string) {
	if !l.opts.TTY {
		l.write(text)
		return
	}
	l.clearStatus()
	l.write(text)
	l.drawStatus()
}

// write writes s, remembering the first error. A reader that went away (e2e run | head) is no
// error: the output stops, the run and its file reports go on.
func (l *listReporter) write(s string) {
	if s == "" || l.err != nil || l.gone {
		return
	}
	if _, err := io.WriteString(l.w, s); errors.Is(err, syscall.EPIPE) {
		l.gone = true
	} else if err != nil {
		l.err = err
	}
}

// paint wraps s in the ANSI code when colour is on.
func (l *listReporter) paint(code, s string) string {
	if !l.opts.Color || code == "" || s == "" {
		return s
	}
	return code + s + listReset
}

// plural is "1 flow" or "3 flows".
func reportPlural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
