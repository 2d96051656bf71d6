package steps

import (
	"testing"

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
