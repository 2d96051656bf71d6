package pages_test

import (
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// assertionTrace counts the beginnings it is told of: actions and assertions apart.
type assertionTrace struct{ actions, assertions, ended int }

func (r *assertionTrace) ActionStarted()                 { r.actions++ }
func (r *assertionTrace) AssertionStarted()              { r.assertions++ }
func (r *assertionTrace) TargetFound(*rod.Element)       {}
func (r *assertionTrace) ActionEnded(pages.TracedAction) { r.ended++ }

// An AssertionTracer is told of an assertion's beginning by AssertionStarted and of an action's
// by ActionStarted; a Tracer of ActionStarted alone is told of both by it.
func TestAssertionTracer(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	run := func(trace pages.Tracer) { // the opening Goto, Fill and Press are actions
		s := openFixtureWith(t, b, "/actions.html", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second, Steps: steps.NewStepLog(), Trace: trace})
		note := s.GetByLabel("Note")
		note.Fill("hello")
		pages.Expect(note).ToHaveValue("hello")
		note.Press("End")
		pages.Expect(note).ToBeFocused()
	}
	both := &assertionTrace{}
	run(both)
	require.Equal(t, assertionTrace{actions: 3, assertions: 2, ended: 5}, *both)
	plain := &actionTrace{}
	run(plain)
	require.Len(t, plain.ended, 5, "a Tracer without AssertionStarted is told of assertions as actions")
}
