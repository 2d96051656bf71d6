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
