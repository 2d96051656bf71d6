package runner

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// crew keeps count of the workers that can still run flows, and of why the others were lost: a
// worker whose browser died and that could not get another within its bounds (the grid's
// session timeout, a launch's) retires, and the run goes on with the others.
type crew struct {
	mu   sync.Mutex
	live int
	lost []string // "worker 1: reopen the browser: ..."
}

// retire takes worker id off the crew, lost for why, and reports whether it was the last one.
func (c *crew) retire(id int, why error) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.live--
	c.lost = append(c.lost, fmt.Sprintf("worker %d: %s", id, oneLine(why)))
	return c.live == 0
}

// why says why the last worker was lost.
func (c *crew) why() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.lost) == 0 {
		return ""
	}
	return c.lost[len(c.lost)-1]
}

// warning is the run's one line about lost workers, "" when none was.
func (c *crew) warning(workers int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.lost) == 0 {
		return ""
	}
	tail := fmt.Sprintf("the run went on with %d", workers-len(c.lost))
	if len(c.lost) == workers {
		tail = "the flows left failed"
	}
	return fmt.Sprintf("%d of %d workers lost their browser for good (%s); %s", len(c.lost), workers, strings.Join(c.lost, "; "), tail)
}

// failLeft fails every flow still to run, at once and in one line: no worker is left to run
// them.
func failLeft(ctx context.Context, queue *jobQueue, why string, finish func(job, report.FlowReport)) {
	msg := "no browser: every worker lost its browser (" + why + ")"
	for {
		j, ok := queue.take(ctx)
		if !ok {
			return
		}
		fr := report.FlowReport{ID: j.id, Name: j.flow.Name, Project: j.projectName(), Repeat: j.repeat, Tags: j.flow.Tags,
			Annotations: annotations(j.flow), Status: report.StatusFailed, Error: msg,
			Attempts: []report.AttemptReport{{Status: report.StatusFailed, Failure: &report.Failure{Message: msg, Step: "open the browser"}}}}
		finish(j, fr)
	}
}

// lostNote says how often a flow was run again after a lost browser, and why the last time.
func lostNote(lost []string) string {
	times := "once"
	if len(lost) > 1 {
		times = fmt.Sprintf("%d times", len(lost))
	}
	return fmt.Sprintf("re-run %s after a lost browser: %s", times, lost[len(lost)-1])
}
