package runner

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/steps"
)

// debugger is what --debug, --headed and --pause-before add to a run: live steps on the
// terminal, pauses before matching steps and at failures.
type debugger struct {
	out            io.Writer
	live           bool
	pauseBefore    *regexp.Regexp
	pauseOnFailure bool
	lines          func() <-chan string // lines of standard input, closed at its end
	stopped        <-chan struct{}      // closed when the run is interrupted
	mu             sync.Mutex           // one pause at a time
}

func newDebugger(ctx context.Context, cfg *config.Config, std IO) (*debugger, error) {
	d := &debugger{
		out:            std.Out,
		live:           !cfg.Browser.Headless,
		pauseOnFailure: cfg.Debug.Enabled,
		lines:          lineReader(std.In),
		stopped:        ctx.Done(),
	}
	if cfg.Debug.PauseBefore != "" {
		re, err := regexp.Compile(cfg.Debug.PauseBefore)
		if err != nil {
			return nil, fmt.Errorf("--pause-before: %w", err)
		}
		d.pauseBefore = re
	}
	return d, nil
}

// lineReader returns the lines of in, read by one goroutine started at the first call.
func lineReader(in io.Reader) func() <-chan string {
	var once sync.Once
	ch := make(chan string)
	return func() <-chan string {
		once.Do(func() {
			go func() {
				defer close(ch)
				sc := bufio.NewScanner(in)
				for sc.Scan() {
					ch <- sc.Text()
				}
			}()
		})
		return ch
	}
}

// observe returns the step observers of the flow with this id.
func (d *debugger) observe(id string) []steps.StepObserver {
	var obs []steps.StepObserver
	if d.live {
		obs = append(obs, &liveSteps{d: d, id: id})
	}
	if d.pauseBefore != nil {
		obs = append(obs, &pauseBefore{d: d, id: id})
	}
	return obs
}

// liveSteps prints each step as it starts and ends, with its duration.
type liveSteps struct {
	d  *debugger
	id string
}

// StepStarted prints "▶ step".
func (l *liveSteps) StepStarted(s steps.Step) {
	fmt.Fprintf(l.d.out, "  %s%s ▶ %s\n", strings.Repeat("  ", s.Depth), l.id, s.Name)
}

// StepEnded prints "✓ step (12ms)" or "✘ step (3.0s): error".
func (l *liveSteps) StepEnded(s steps.Step) {
	mark, tail := "✓", ""
	if s.Err != nil {
		mark, tail = "✘", ": "+strings.Join(strings.Fields(s.Err.Error()), " ")
	}
	fmt.Fprintf(l.d.out, "  %s%s %s %s (%s)%s\n", strings.Repeat("  ", s.Depth), l.id, mark, s.Name, s.Duration.Round(time.Millisecond), tail)
}

// pauseBefore stops before every step whose name matches, until a line arrives.
type pauseBefore struct {
	d  *debugger
	id string
}

// StepStarted pauses when the step matches.
func (p *pauseBefore) StepStarted(s steps.Step) {
	if p.d.pauseBefore.MatchString(s.Name) {
		p.d.pause(fmt.Sprintf("paused before step %q of %s", s.Name, p.id), "Enter: go on, Ctrl-C: stop")
	}
}

// StepEnded does nothing.
func (p *pauseBefore) StepEnded(steps.Step) {}

// pauseAtFailure keeps the failing page open until a line arrives.
func (d *debugger) pauseAtFailure(info FailureInfo) {
	var b strings.Builder
	fmt.Fprintf(&b, "flow %s failed", info.ID)
	if info.Failure != nil {
		if info.Failure.Step != "" {
			fmt.Fprintf(&b, "\n    step:      %s", info.Failure.Step)
		}
		fmt.Fprintf(&b, "\n    error:     %s", info.Failure.Message)
	}
	fmt.Fprintf(&b, "\n    page:      %s", info.URL)
	if info.Dir != "" {
		fmt.Fprintf(&b, "\n    artifacts: %s", info.Dir)
	}
	d.pause(b.String(), "The browser stays on the failing page (DevTools: right-click, Inspect). Enter: next flow, Ctrl-C: stop")
}

// pause prints what and how to go on, then waits for a line on standard input, its end, or
// the run's interruption.
func (d *debugger) pause(what, howOn string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.out, "\n⏸  %s\n   %s\n", what, howOn)
	select {
	case <-d.lines():
	case <-d.stopped:
	}
}
