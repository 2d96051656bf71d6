package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/flows"
)

// userStore holds the signed-in states of a run's users, each in a file of mode 0600 in a folder
// of its own (0700) outside the artifacts, removed when the run ends.
type userStore struct {
	mu      sync.Mutex
	dir     string
	entries map[string]*userEntry
}

// userEntry is one user's state, for the run or one worker: signed in once.
type userEntry struct {
	once sync.Once
	path string
	err  error
}

// close removes every saved state.
func (s *userStore) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir != "" {
		_ = os.RemoveAll(s.dir)
	}
}

// entry returns the entry of u for worker (-1: the run's).
func (s *userStore) entry(u *flows.User, worker int) (*userEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		dir, err := os.MkdirTemp("", "e2e-users-")
		if err != nil {
			return nil, fmt.Errorf("user %q: folder of saved states: %w", u.Name, err)
		}
		s.dir, s.entries = dir, map[string]*userEntry{}
	}
	if !u.PerWorker {
		worker = -1
	}
	key := fmt.Sprintf("%s@%d", u.Name, worker)
	e := s.entries[key]
	if e == nil {
		name := unsafeFileChars.ReplaceAllString(u.Name, "_")
		e = &userEntry{path: filepath.Join(s.dir, fmt.Sprintf("%s-w%d.json", name, worker))}
		s.entries[key] = e
	}
	return e, nil
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// userState returns the saved state of u, signing in on this worker's browser the first time;
// nil for no user.
func (w *worker) userState(ctx context.Context, u *flows.User) (*StorageState, error) {
	if u == nil {
		return nil, nil
	}
	e, err := w.users.entry(u, w.id)
	if err != nil {
		return nil, err
	}
	e.once.Do(func() { e.err = w.signIn(ctx, u, e.path) })
	if e.err != nil {
		return nil, e.err
	}
	return loadStorageState(e.path)
}

// signIn runs u's sign-in in a fresh context of the worker's browser and saves the state it
// leaves, with the values it stored, at path. A failed sign-in keeps its evidence in the
// artifacts folder.
func (w *worker) signIn(ctx context.Context, u *flows.User, path string) error {
	id := "sign in as " + u.Name
	if u.PerWorker {
		id += fmt.Sprintf(" (worker %d)", w.id)
	}
	a, err := StartAttempt(ctx, w.browser, &w.opts.Env, id)
	if err != nil {
		return fmt.Errorf("user %q: %w", u.Name, err)
	}
	defer func() { _ = a.Close() }()
	failure, _ := w.walk(ctx, job{id: id, flow: flows.Flow{Name: id, Run: u.SignIn}}, a)
	if failure != nil {
		failure, _ = a.Redacted(failure, nil)
		msg := fmt.Sprintf("user %q: sign-in failed", u.Name)
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
		return fmt.Errorf("user %q: save the signed-in state: %w", u.Name, err)
	}
	st.Values = a.state.Values()
	return st.save(path)
}

// restoreValues makes every value of st a secret of the attempt, and the values its sign-in
// stored the flow's.
func (a *Attempt) restoreValues(st *StorageState) {
	for _, s := range st.secrets() {
		a.secret(s)
	}
	for k, v := range st.Values {
		a.kept[k] = v
	}
	a.restored = st
}

// applyState gives the attempt's fresh context the saved state of the user named name, as a
// step, before recording starts; every value of the state becomes a secret of the attempt.
func (a *Attempt) applyState(ctx context.Context, st *StorageState, name string) error {
	a.restoreValues(st)
	step := fmt.Sprintf("start signed in as %s (the state saved: %d cookies, %d origins)", name, len(st.Cookies), len(st.Origins))
	return a.steps.Do(step, func() error {
		actx, cancel := context.WithTimeout(ctx, a.env.ActionTimeout)
		defer cancel()
		if err := applyState(a.page.Context(actx), st); err != nil {
			return fmt.Errorf("user %q: restore the saved state: %w", name, err)
		}
		return nil
	})
}
