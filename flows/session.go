package flows

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"github.com/e2e-dev/e2e/artifacts"
)

// Session is a signed-in state that flows start from instead of signing in again: its Setup
// signs in once (per worker or per run) and the browser state it leaves (cookies, local and
// session storage of the app's origins) is saved; each flow that names the Session starts from
// that state in its own fresh context. Playwright's storageState with a setup project, or
// Cypress's cy.session. Flows that test signing in or out do not name one.
type Session struct {
	// Name identifies the session in steps and errors.
	Name string
	// PerWorker gives each worker its own setup and so its own account: flows of different
	// workers never share server-side data. When false, one setup serves the whole run.
	PerWorker bool
	// Setup signs in, through the UI like a user. It may keep values the flows need (the
	// account's username) with F.Keep. It fails like a flow; the flows that need it then fail
	// with its failure.
	Setup func(f *F)
}

// Keep stores a value of a Session's Setup for the flows that start from it, which read it
// with F.Kept: the account's username, say. Unlike Set it outlives the attempt: it is saved as
// text with the session's signed-in state (a file of mode 0600, removed when the run ends),
// read back by attempts on other workers, and, as every value of that state, masked as a
// secret in their artifacts. A flow's own fixtures go through Set.
func (f *F) Keep(key, value string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.kept == nil {
		f.kept = map[string]string{}
	}
	f.kept[key] = value
}

// Kept returns a value the session's setup kept, "" when none.
func (f *F) Kept(key string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.kept[key]
}

// sessionStore holds the states of a run's sessions, each in a file of mode 0600 in a folder
// of its own (0700) outside the artifacts, removed when the run ends.
type sessionStore struct {
	mu      sync.Mutex
	dir     string
	entries map[string]*sessionEntry
}

// sessionEntry is one session's state, for the run or one worker: set up once.
type sessionEntry struct {
	once sync.Once
	path string
	err  error
}

// close removes every saved state.
func (s *sessionStore) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir != "" {
		_ = os.RemoveAll(s.dir)
	}
}

// entry returns the entry of session for worker (-1: the run's), and the store's folder.
func (s *sessionStore) entry(session *Session, worker int) (*sessionEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		dir, err := os.MkdirTemp("", "e2e-sessions-")
		if err != nil {
			return nil, fmt.Errorf("session %q: folder of saved states: %w", session.Name, err)
		}
		s.dir, s.entries = dir, map[string]*sessionEntry{}
	}
	if !session.PerWorker {
		worker = -1
	}
	key := fmt.Sprintf("%s@%d", session.Name, worker)
	e := s.entries[key]
	if e == nil {
		name := unsafeFileChars.ReplaceAllString(session.Name, "_")
		e = &sessionEntry{path: filepath.Join(s.dir, fmt.Sprintf("%s-w%d.json", name, worker))}
		s.entries[key] = e
	}
	return e, nil
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// sessionState returns the saved state of the job's session, setting it up on this worker's
// browser the first time; nil when the flow names no session.
func (w *worker) sessionState(ctx context.Context, session *Session) (*StorageState, error) {
	if session == nil {
		return nil, nil
	}
	e, err := w.sessions.entry(session, w.id)
	if err != nil {
		return nil, err
	}
	e.once.Do(func() { e.err = w.setUp(ctx, session, e.path) })
	if e.err != nil {
		return nil, e.err
	}
	return loadStorageState(e.path)
}

// setUp runs the session's setup in a fresh context of the worker's browser and saves the
// state it leaves at path. A failed setup keeps its evidence in the artifacts folder.
func (w *worker) setUp(ctx context.Context, session *Session, path string) error {
	id := "session " + session.Name
	if session.PerWorker {
		id += fmt.Sprintf(" (worker %d)", w.id)
	}
	a, err := StartAttempt(ctx, w.browser, &w.opts.Env, id)
	if err != nil {
		return fmt.Errorf("session %q: %w", session.Name, err)
	}
	defer func() { _ = a.Close() }()
	failure, _ := w.walk(ctx, job{id: id, flow: Flow{Name: id, Run: session.Setup}}, a)
	if failure != nil {
		failure, _ = a.Redacted(failure, nil)
		msg := fmt.Sprintf("session %q: setup failed", session.Name)
		if failure.Step != "" {
			msg += " in " + failure.Step
		}
		msg += ": " + failure.Message
		if w.opts.ArtifactsMode != artifacts.ModeOff {
			dir := filepath.Join(w.out.dir, attemptDir(id, 0))
			if _, err := a.WriteArtifacts(dir, w.out.dir, Outcome{Failed: true, Failure: failure, ID: id}); err == nil {
				msg += " (evidence in " + dir + ")"
			}
		}
		return fmt.Errorf("%s", msg)
	}
	cctx, cancel := context.WithTimeout(ctx, w.opts.Env.ActionTimeout)
	defer cancel()
	st, err := captureState(a.Page().Context(cctx), appOrigins(w.opts.Env.BaseURL, w.opts.Env.APIURL))
	if err != nil {
		return fmt.Errorf("session %q: save the signed-in state: %w", session.Name, err)
	}
	st.Values = a.kept
	return st.save(path)
}

// applyState gives the attempt's fresh context the saved state of session name, as a step,
// before recording starts; every value of the state becomes a secret of the attempt.
func (a *Attempt) applyState(ctx context.Context, st *StorageState, name string) error {
	for _, s := range st.secrets() {
		a.secret(s)
	}
	for k, v := range st.Values {
		a.kept[k] = v
	}
	step := fmt.Sprintf("session: start from the state %q saved (%d cookies, %d origins)", name, len(st.Cookies), len(st.Origins))
	return a.steps.Do(step, func() error {
		actx, cancel := context.WithTimeout(ctx, a.env.ActionTimeout)
		defer cancel()
		if err := applyState(a.page.Context(actx), st); err != nil {
			return fmt.Errorf("session %q: restore the saved state: %w", name, err)
		}
		return nil
	})
}
