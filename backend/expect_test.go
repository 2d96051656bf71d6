package backend

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/ysmood/gson"

	"github.com/e2e-dev/e2e/internal/testfail"
	"github.com/e2e-dev/e2e/steps"
)

// TestExpectRows checks counts and values once, or polling until a write another goroutine
// makes later; a mismatch fails t and says what was expected and found.
func TestExpectRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	// The app's writes wait for the probe's reads to end, as the app's own driver would.
	w, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
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
	ft := &testfail.T{}
	p := db.Probe(context.Background(), ft, steps.NewStepLog(write), nil)
	p.Timeout = 5 * time.Second

	require.Empty(t, ft.Run(func() {
		p.ExpectRows("SELECT 1 FROM users WHERE name = ?", "ann").ToHaveCount(1)
		p.ExpectRows("SELECT name FROM users WHERE id = ?", 1).ToHaveValue("ann")
		p.ExpectRows("SELECT shelf_count FROM users WHERE id = ?", 1).ToHaveValue(0)
	}))
	require.Equal(t, "db: SELECT 1 FROM users WHERE name = ?: expected 1 rows, found 0",
		ft.Run(func() { p.ExpectRows("SELECT 1 FROM users WHERE name = ?", "bob").ToHaveCount(1) }))
	require.Equal(t, `db: SELECT name FROM users WHERE id = ?: expected "bob", found "ann"`,
		ft.Run(func() { p.ExpectRows("SELECT name FROM users WHERE id = ?", 1).ToHaveValue("bob") }))

	require.Empty(t, ft.Run(func() { p.ExpectRows("SELECT shelf_count FROM users WHERE id = ?", 1).Eventually().ToHaveValue(3) }))
	<-write.done

	p.Timeout = 400 * time.Millisecond
	require.Equal(t, "db: SELECT shelf_count FROM users WHERE id = ?: expected 4, found 3 (polled 400ms)",
		ft.Run(func() { p.ExpectRows("SELECT shelf_count FROM users WHERE id = ?", 1).Eventually().ToHaveValue(4) }))
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
