package appserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/config"
)

// Server is one server of the app: a shell command and the URL that says it is ready. A suite
// declares its servers with it; app.servers in e2e.yaml holds the same fields.
type Server = config.AppServer

// Options say how to start and stop the servers.
type Options struct {
	// Servers start in this order.
	Servers []Server
	// Reuse is config.ReuseAuto (reuse unless CI is set; also when empty), config.ReuseAlways
	// or config.ReuseNever: the default of each server's ReuseExisting.
	Reuse config.ReuseMode
	// CI tells ReuseAuto that this is a CI run.
	CI bool
	// ReadyTimeout and StopTimeout are the defaults of the servers' fields; 0 means
	// config.DefaultReadyTimeout and config.DefaultStopTimeout.
	ReadyTimeout, StopTimeout time.Duration
	// LogDir is where <name>.log of each server goes (test-results/servers).
	LogDir string
	// Redact scrubs each line of output before it is written; nil keeps it as it is.
	Redact func(string) string
	// Progress, when set, is told one line as each server is ready or reused.
	Progress io.Writer
	// Steps, when set, records the start of each server as a step ("start api", "reuse api").
	Steps Recorder
}

// Recorder records a named step around fn: artifacts.StepLog does.
type Recorder interface {
	Do(name string, fn func() error) error
}

// Group is the servers Start started, to stop.
type Group struct {
	opts    Options
	running []*process // in start order
	logs    []Log
}

// Log is a server's log file, for the reports.
type Log struct {
	// Name is the server's name.
	Name string
	// Path is the log file.
	Path string
}

// process is one started server.
type process struct {
	srv    Server
	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd has ended
	err    error         // cmd.Wait's result, once exited is closed
	sink   *logSink
	log    string // its log file
	stop   time.Duration
}

// StartError is a server that could not start: Error is one line, Output the last lines of
// what the server printed.
type StartError struct {
	Msg    string
	Output string
}

// Error is the one line; the log file it names holds the rest.
func (e *StartError) Error() string { return e.Msg }

// Start starts the servers in order, each after the one before is ready. When one fails (or
// ctx is cancelled) it stops those already started and returns the error with the group (for
// its Logs); otherwise the caller must call Stop, whatever happens next.
func Start(ctx context.Context, opts Options) (*Group, error) {
	if opts.ReadyTimeout <= 0 {
		opts.ReadyTimeout = config.DefaultReadyTimeout
	}
	if opts.StopTimeout <= 0 {
		opts.StopTimeout = config.DefaultStopTimeout
	}
	if opts.Steps == nil {
		opts.Steps = noSteps{}
	}
	servers := append([]Server(nil), opts.Servers...)
	if err := config.CheckServers(servers); err != nil {
		return nil, fmt.Errorf("app.servers: %s", err.Msg)
	}
	g := &Group{opts: opts}
	for _, s := range servers {
		if err := g.start(ctx, s); err != nil {
			_ = g.Stop()
			if ctx.Err() != nil {
				return g, fmt.Errorf("server %s: %w", s.Name, context.Cause(ctx))
			}
			return g, err
		}
	}
	return g, nil
}

// Logs returns the log file of each server started, in start order.
func (g *Group) Logs() []Log {
	if g == nil {
		return nil
	}
	return g.logs
}

// reuse says whether s may be reused when its URL already answers.
func (g *Group) reuse(s Server) bool {
	if s.ReuseExisting != nil {
		return *s.ReuseExisting
	}
	switch g.opts.Reuse {
	case config.ReuseAlways:
		return true
	case config.ReuseNever:
		return false
	}
	return !g.opts.CI
}

// start starts one server and waits until it is ready.
func (g *Group) start(ctx context.Context, s Server) error {
	if s.URL != "" && answers(ctx, s.URL, time.Second) == nil {
		if !g.reuse(s) {
			return fmt.Errorf("server %s: %s already answers before e2e started it: stop what serves it, or set reuse_existing: true", s.Name, redact.Value(s.URL))
		}
		return g.opts.Steps.Do("reuse "+s.Name+" at "+redact.Value(s.URL), func() error {
			g.progress("e2e: server %s: reusing the one already answering at %s", s.Name, redact.Value(s.URL))
			return nil
		})
	}
	return g.opts.Steps.Do("start "+s.Name, func() error { return g.launch(ctx, s) })
}

// launch runs the server's command and waits for its URL.
func (g *Group) launch(ctx context.Context, s Server) error {
	if err := checkDir(s.Dir); err != nil {
		return fmt.Errorf("server %s: %w", s.Name, err)
	}
	logPath := filepath.Join(g.opts.LogDir, s.Name+".log")
	sink, err := newLogSink(g.opts.Redact, logPath, s.Log)
	if err != nil {
		return fmt.Errorf("server %s: log: %w: check artifacts.dir and log", s.Name, err)
	}
	g.logs = append(g.logs, Log{Name: s.Name, Path: logPath})
	sink.note("$ " + redact.Value(s.Command))
	cmd := shellCommand(context.WithoutCancel(ctx), s.Command, s.Dir, s.Env) // Stop stops it
	pr, pw, err := os.Pipe()
	if err != nil {
		sink.close()
		return fmt.Errorf("server %s: %w", s.Name, err)
	}
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		_ = pr.Close()
		_ = pw.Close()
		sink.close()
		return fmt.Errorf("server %s: start %s: %w: check command and dir", s.Name, redact.Quote(s.Command), err)
	}
	_ = pw.Close() // the children hold their own copies
	track(cmd.Process.Pid, true)
	sink.copyFrom(pr)
	p := &process{srv: s, cmd: cmd, exited: make(chan struct{}), sink: sink, log: logPath, stop: s.StopTimeout}
	if p.stop <= 0 {
		p.stop = g.opts.StopTimeout
	}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	g.running = append(g.running, p)

	timeout := s.ReadyTimeout
	if timeout <= 0 {
		timeout = g.opts.ReadyTimeout
	}
	started := time.Now()
	if err := p.waitReady(ctx, timeout); err != nil {
		return err
	}
	if s.URL == "" {
		g.progress("e2e: server %s: started", s.Name)
		return nil
	}
	took := time.Since(started)
	sink.note(fmt.Sprintf("ready at %s after %s", redact.Value(s.URL), took.Round(time.Millisecond)))
	g.progress("e2e: server %s: ready at %s (%s)", s.Name, redact.Value(s.URL), took.Round(10*time.Millisecond))
	return nil
}

// waitReady waits until the server's URL answers 2xx or 3xx, the server exits with an error,
// timeout passes or ctx ends. A command that exits 0 (docker compose up --wait, a launcher
// that forks) is ready when its URL answers; without a URL it is ready once started.
func (p *process) waitReady(ctx context.Context, timeout time.Duration) error {
	s := p.srv
	if s.URL == "" {
		return nil
	}
	deadline := time.Now().Add(timeout)
	exited := p.exited
	interval := 50 * time.Millisecond
	var last error
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return &StartError{Msg: fmt.Sprintf("server %s: %s not ready after %s (%s): raise ready_timeout or fix url; see %s",
				s.Name, redact.Value(s.URL), timeout, reasonOf(last), p.log), Output: p.sink.lastLines()}
		}
		if last = answers(ctx, s.URL, min(left, 2*time.Second)); last == nil {
			return nil
		}
		select {
		case <-exited:
			if p.err != nil {
				p.waitOutput()
				return &StartError{Msg: fmt.Sprintf("server %s: exited (%s) before %s answered: fix command; see %s",
					s.Name, exitReason(p.err), redact.Value(s.URL), p.log), Output: p.sink.lastLines()}
			}
			exited = nil // exited 0: the command left the server running; keep polling
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-time.After(min(interval, left)):
		}
		interval = min(interval*2, 500*time.Millisecond)
	}
}

// waitOutput waits a little for the output of a server that exited to be read.
func (p *process) waitOutput() {
	select {
	case <-p.sink.done:
	case <-time.After(time.Second):
	}
}

// exitReason is "exit code 3" or "killed by signal: terminated".
func exitReason(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return "killed by signal " + ws.Signal().String()
		}
		return fmt.Sprintf("exit code %d", ee.ExitCode())
	}
	return err.Error()
}

// progress prints one line to Progress.
func (g *Group) progress(format string, args ...any) {
	if g.opts.Progress != nil {
		fmt.Fprintf(g.opts.Progress, format+"\n", args...)
	}
}

// noSteps records nothing.
type noSteps struct{}

func (noSteps) Do(_ string, fn func() error) error { return fn() }
