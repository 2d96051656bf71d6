package appserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/config"
)

// Stop stops the servers Start started, the last first: stop_command when set, else the stop
// signal (SIGTERM) to the whole process group; after the grace period, SIGKILL to whatever of
// the group is left. It waits for each server's process to end. Calling it again does nothing.
func (g *Group) Stop() error {
	if g == nil {
		return nil
	}
	var errs []error
	for i := len(g.running) - 1; i >= 0; i-- {
		if err := g.running[i].stopProcess(); err != nil {
			errs = append(errs, err)
		}
	}
	g.running = nil
	return errors.Join(errs...)
}

// stopProcess stops one server and closes its log.
func (p *process) stopProcess() error {
	defer p.sink.close()
	pgid := p.cmd.Process.Pid // the leader of its own group (Setpgid)
	var err error
	if p.srv.StopCommand != "" {
		p.sink.note("$ " + redact.Value(p.srv.StopCommand))
		err = p.runStopCommand()
	} else {
		sig := signalNamed(p.srv.StopSignal)
		p.sink.note(fmt.Sprintf("stopping: signal %d (%s) to its process group", sig, sig))
		_ = syscall.Kill(-pgid, sig)
	}
	if p.srv.StopCommand != "" {
		// The stop command may have stopped the server (or failed to); what is left of its
		// process group gets the stop signal.
		_ = syscall.Kill(-pgid, signalNamed(p.srv.StopSignal))
	}
	select {
	case <-p.exited:
	case <-time.After(p.stop):
		p.sink.note(fmt.Sprintf("still running after %s: killing its process group", p.stop))
	}
	// Children that outlived the leader, or ignore the signal, go too.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	select {
	case <-p.exited:
	case <-time.After(5 * time.Second):
		err = errors.Join(err, fmt.Errorf("server %s: process %d still there after SIGKILL", p.srv.Name, pgid))
	}
	waitGroupGone(pgid, 2*time.Second)
	track(pgid, false)
	select {
	case <-p.sink.done:
	case <-time.After(time.Second): // a process outside the group (setsid) holds the pipe
	}
	return err
}

// runStopCommand runs stop_command within the grace period, its output into the log.
func (p *process) runStopCommand() error {
	ctx, cancel := context.WithTimeout(context.Background(), p.stop)
	defer cancel()
	cmd := shellCommand(ctx, p.srv.StopCommand, p.srv.Dir, p.srv.Env)
	out := &lineWriter{sink: p.sink}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	out.flush()
	if err != nil {
		return fmt.Errorf("server %s: stop_command %s: %s", p.srv.Name, redact.Quote(p.srv.StopCommand), exitReason(err))
	}
	return nil
}

// shellCommand is sh -c command in dir, with env added, in a process group of its own (so
// that a terminal's Ctrl-C reaches e2e alone, which then stops the servers in order).
func shellCommand(ctx context.Context, command, dir string, env map[string]string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+os.ExpandEnv(v))
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

// checkDir says, in a message naming it, why dir cannot be a command's working directory; nil
// for "" (e2e's own) and a folder. Without it, a missing dir is reported by exec as
// "fork/exec /bin/sh: no such file or directory".
func checkDir(dir string) error {
	if dir == "" {
		return nil
	}
	st, err := os.Stat(dir)
	if err == nil && st.IsDir() {
		return nil
	}
	shown := redact.Bound(dir, redact.MaxQuoted)
	if abs, aerr := filepath.Abs(dir); aerr == nil && abs != dir {
		shown += " (" + redact.Bound(abs, redact.MaxQuoted) + ")"
	}
	switch {
	case err == nil:
		return fmt.Errorf("dir %s: not a directory: fix dir", shown)
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("dir %s: no such directory: fix dir", shown)
	}
	return fmt.Errorf("dir %s: %v: fix dir", shown, unwrapPath(err))
}

// signalNamed is the signal named SIGTERM, TERM, int... (config.StopSignal); SIGTERM for "".
// Start has checked the name.
func signalNamed(name string) syscall.Signal {
	if sig, ok := config.StopSignal(name); ok {
		return sig
	}
	return syscall.SIGTERM
}

// waitGroupGone waits until no live process of group pgid is left, at most d. Zombies do not
// count: an orphan's is reaped by init, which in a container may never do it.
func waitGroupGone(pgid int, d time.Duration) {
	deadline := time.Now().Add(d)
	for groupAlive(pgid) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
}

// groupAlive reports whether a process of group pgid is alive and not a zombie.
func groupAlive(pgid int) bool {
	if syscall.Kill(-pgid, 0) != nil {
		return false
	}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	if stats == nil {
		return true // no /proc: trust kill
	}
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) > 2 && f[2] == strconv.Itoa(pgid) && f[0] != "Z" {
			return true
		}
	}
	return false
}

// lineWriter feeds a command's output to a log sink line by line.
type lineWriter struct {
	sink    *logSink
	partial []byte
}

func (w *lineWriter) Write(b []byte) (int, error) {
	w.partial = append(w.partial, b...)
	for {
		i := strings.IndexByte(string(w.partial), '\n')
		if i < 0 {
			return len(b), nil
		}
		w.sink.line(strings.TrimRight(string(w.partial[:i]), "\r"))
		w.partial = w.partial[i+1:]
	}
}

func (w *lineWriter) flush() {
	if len(w.partial) > 0 {
		w.sink.line(string(w.partial))
		w.partial = nil
	}
}

// live holds the process groups of the servers started and not yet stopped, for KillAll.
var live = struct {
	sync.Mutex
	pgids map[int]bool
}{pgids: map[int]bool{}}

// track records (or, with on false, forgets) a server's process group.
func track(pgid int, on bool) {
	live.Lock()
	defer live.Unlock()
	if on {
		live.pgids[pgid] = true
	} else {
		delete(live.pgids, pgid)
	}
}

// KillAll sends SIGKILL to the process group of every server started and not yet stopped: for
// a second Ctrl-C, which ends e2e at once, without the orderly Stop.
func KillAll() {
	live.Lock()
	defer live.Unlock()
	for pgid := range live.pgids {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}
}
