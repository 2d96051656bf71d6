package steps

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type recordObs struct{ started, ended []string }

func (o *recordObs) StepStarted(s Step) { o.started = append(o.started, s.Name) }
func (o *recordObs) StepEnded(s Step)   { o.ended = append(o.ended, s.Name) }

func TestNoteRecordsAnEndedStepUnderTheRunningOnes(t *testing.T) {
	obs := &recordObs{}
	l := NewStepLog(obs)
	require.NoError(t, l.Do("outer", func() error {
		l.Note("route /api/x: fulfilled GET /api/x")
		return nil
	}))
	st := l.Steps()
	require.Len(t, st, 2)
	assert.Equal(t, "route /api/x: fulfilled GET /api/x", st[1].Name)
	assert.Equal(t, 1, st[1].Depth, "nested under the running step")
	assert.Equal(t, "ok", st[1].Result())
	assert.Equal(t, []string{"outer"}, obs.started, "a note never starts: a pause-before observer never blocks it")
	assert.Equal(t, []string{"route /api/x: fulfilled GET /api/x", "outer"}, obs.ended)
	assert.Equal(t, []string{}, l.Running())
	var nilLog *StepLog
	nilLog.Note("nothing") // a nil log records nothing, like Do
}

// TestWriteTextNamesAStepOnce: a failed step's line is its name and its error, the error's own
// mention of the step's name not repeated.
func TestWriteTextNamesAStepOnce(t *testing.T) {
	l := NewStepLog()
	_ = l.Do("bob reads alice's favourites", func() error { return errors.New("bob reads alice's favourites: answered 200") })
	_ = l.Do("open the cart", func() error { return errors.New("answered 500") })
	var b strings.Builder
	require.NoError(t, l.WriteText(&b, time.Now()))
	assert.Contains(t, b.String(), "FAIL    bob reads alice's favourites: answered 200\n")
	assert.Contains(t, b.String(), "FAIL    open the cart: answered 500\n")
}

// TestNoteFailureRecordsAFailedStep: a failure no step shows is a FAIL line of its own, nested
// under the running steps; Shows tells a failure the last step shows from one it does not.
func TestNoteFailureRecordsAFailedStep(t *testing.T) {
	l := NewStepLog()
	require.False(t, l.InnermostFailed(), "no step runs")
	_ = l.Do(`page: click "buy"`, func() error { return errors.New(`page: click "buy": not visible`) })
	require.True(t, l.Shows(`[tab 2] page: click "buy": not visible`))
	require.False(t, l.Shows(`cart count: expected 1, found 0`))
	l.NoteFailure("failed at flow.go:12", errors.New("cart count: expected 1, found 0"))
	require.NoError(t, l.Do("check the cart", func() error {
		l.FailRunning(errors.New("total: expected 3, found 2"))
		require.True(t, l.InnermostFailed())
		l.NoteFailure("failed at flow.go:14", errors.New("price: expected 4, found 5"))
		return nil
	}))
	var b strings.Builder
	require.NoError(t, l.WriteText(&b, time.Now()))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 4, b.String())
	require.Regexp(t, `FAIL    failed at flow.go:12: cart count: expected 1, found 0$`, lines[1])
	require.Regexp(t, `FAIL    check the cart: total: expected 3, found 2$`, lines[2])
	require.Regexp(t, `FAIL      failed at flow.go:14: price: expected 4, found 5$`, lines[3])
}
