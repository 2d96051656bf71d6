package backend

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/ysmood/gson"

	"github.com/e2e-dev/e2e/steps"
)

// failT records a failure as a flow's F would.
type failT struct {
	msg    string
	failed bool
}

func (f *failT) Errorf(format string, args ...any) { f.msg = fmt.Sprintf(format, args...) }
func (f *failT) FailNow()                          { f.failed = true }

// TestExpectRows checks counts and values once, or polling until a write another goroutine
// makes later; a mismatch fails t and says what was expected and found.
func TestExpectRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	w, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer w.Close()
	_, err = w.Exec(`CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, shelf_count INTEGER);
		INSERT INTO users VALUES (1, 'ann', 0)`)
	require.NoError(t, err)
	db, err := OpenDB("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	// The app's asynchronous write: started as the polling step starts, so that it lands
	// while the assertion polls.
	write := &onStep{prefix: "db: eventually", fn: func() { _, _ = w.Exec(`UPDATE users SET shelf_count = 3 WHERE id = 1`) }}
	p := db.Probe(steps.NewStepLog(write), nil)
	p.Timeout = 5 * time.Second
	ctx := context.Background()

	ok := &failT{}
	require.NoError(t, ExpectRows(ctx, ok, p, "SELECT 1 FROM users WHERE name = ?", "ann").ToHaveCount(1))
	require.NoError(t, ExpectRows(ctx, ok, p, "SELECT name FROM users WHERE id = ?", 1).ToHaveValue("ann"))
	require.NoError(t, ExpectRows(ctx, ok, p, "SELECT shelf_count FROM users WHERE id = ?", 1).ToHaveValue(0))
	require.False(t, ok.failed, ok.msg)

	bad := &failT{}
	err = ExpectRows(ctx, bad, p, "SELECT 1 FROM users WHERE name = ?", "bob").ToHaveCount(1)
	require.EqualError(t, err, "db: SELECT 1 FROM users WHERE name = ?: expected 1 rows, found 0")
	require.True(t, bad.failed)
	require.Equal(t, err.Error(), bad.msg)
	err = ExpectRows(ctx, nil, p, "SELECT name FROM users WHERE id = ?", 1).ToHaveValue("bob")
	require.EqualError(t, err, `db: SELECT name FROM users WHERE id = ?: expected "bob", found "ann"`)

	require.NoError(t, ExpectRows(ctx, nil, p, "SELECT shelf_count FROM users WHERE id = ?", 1).Eventually().ToHaveValue(3))
	<-write.done

	p.Timeout = 400 * time.Millisecond
	err = ExpectRows(ctx, nil, p, "SELECT shelf_count FROM users WHERE id = ?", 1).Eventually().ToHaveValue(4)
	require.EqualError(t, err, "db: SELECT shelf_count FROM users WHERE id = ?: expected 4, found 3 (polled 400ms)")
}

// onStep runs fn in a goroutine when the first step named with prefix starts.
type onStep struct {
	prefix string
	fn     func()
	once   sync.Once
	done   chan struct{}
}

func (o *onStep) StepStarted(s steps.Step) {
	if strings.HasPrefix(s.Name, o.prefix) {
		o.once.Do(func() {
			o.done = make(chan struct{})
			go func() { defer close(o.done); o.fn() }()
		})
	}
}

func (o *onStep) StepEnded(steps.Step) {}

func TestPluck(t *testing.T) {
	list := gson.NewFrom(`[{"title": "Emma", "id": 1}, {"title": "Dracula", "id": 2}, {"id": 3}]`)
	require.Equal(t, []any{"Emma", "Dracula", nil}, Pluck(list, "title"))
	require.Equal(t, []any{}, Pluck(gson.NewFrom(`{}`), "title"))
}
