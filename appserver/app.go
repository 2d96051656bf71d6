package appserver

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"time"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
)

// Plan is everything e2e does to bring up the app under test: its servers, the steps that
// load its data once, and those that reset it before each round of the run.
type Plan struct {
	// Servers start in order before the flows.
	Servers []Server
	// Seed runs once the servers are ready, before the first flow.
	Seed []Step
	// Reset runs after Seed and before each round of the run (each repetition under
	// --repeat-each).
	Reset []Step
}

// FromConfig is the plan of app: in e2e.yaml.
func FromConfig(a config.AppConfig) Plan {
	return Plan{Servers: a.Servers, Seed: a.Seed, Reset: a.Reset}
}

// Merge returns a suite's plan with the configuration's on top: a configured server with the
// name of one of the suite's replaces it where it stands, other configured servers start after
// the suite's; configured seed and reset steps run after the suite's.
func (p Plan) Merge(cfg Plan) Plan {
	out := Plan{
		Servers: append([]Server(nil), p.Servers...),
		Seed:    append(append([]Step(nil), p.Seed...), cfg.Seed...),
		Reset:   append(append([]Step(nil), p.Reset...), cfg.Reset...),
	}
	for _, s := range cfg.Servers {
		replaced := false
		for i := range out.Servers {
			if s.Name != "" && out.Servers[i].Name == s.Name {
				out.Servers[i], replaced = s, true
			}
		}
		if !replaced {
			out.Servers = append(out.Servers, s)
		}
	}
	return out
}

// Empty reports whether the plan does nothing: the run then has no setup pseudo-flow.
func (p Plan) Empty() bool {
	return len(p.Servers) == 0 && len(p.Seed) == 0 && len(p.Reset) == 0
}

// BaseURL is the origin (scheme://host:port) of the first server's URL: the app's address
// when base_url is not set. A health path such as /api/health is not part of it.
func (p Plan) BaseURL() string {
	for _, s := range p.Servers {
		if u, err := url.Parse(s.URL); err == nil && s.URL != "" {
			return u.Scheme + "://" + u.Host
		}
	}
	return ""
}

// RunOptions say how Begin runs a plan.
type RunOptions struct {
	// ArtifactsDir holds servers/<name>.log and setup/steps.log.
	ArtifactsDir string
	// Reuse, CI, ReadyTimeout and StopTimeout are as in Options.
	Reuse                     config.ReuseMode
	CI                        bool
	ReadyTimeout, StopTimeout time.Duration
	// Redact scrubs server output, step names and errors.
	Redact func(string) string
	// Progress is told when each server is ready.
	Progress io.Writer
}

// Running is one run's app: its servers started and its setup steps recorded.
type Running struct {
	plan  Plan
	group *Group
	log   *setupLog
	data  Data
}

// Begin starts the plan's servers. On error nothing is left running; otherwise the caller
// must call Stop.
func Begin(ctx context.Context, p Plan, o RunOptions) (*Running, error) {
	s := &Running{plan: p, log: newSetupLog(o.ArtifactsDir, o.Redact)}
	g, err := Start(ctx, Options{
		Servers: p.Servers, Reuse: o.Reuse, CI: o.CI, ReadyTimeout: o.ReadyTimeout, StopTimeout: o.StopTimeout,
		LogDir: filepath.Join(o.ArtifactsDir, "servers"), Redact: o.Redact, Progress: o.Progress, Steps: s.log,
	})
	s.group = g
	if g != nil {
		s.log.logs = g.Logs()
	}
	return s, err
}

// Seed runs the seed steps, then the reset steps, against the app at d.
func (s *Running) Seed(ctx context.Context, d Data) error {
	s.data = d
	if s.data.Redact == nil {
		s.data.Redact = s.log.redact
	}
	if err := RunSteps(ctx, "app.seed", s.plan.Seed, s.data, s.log); err != nil {
		return err
	}
	return RunSteps(ctx, "app.reset", s.plan.Reset, s.data, s.log)
}

// Reset runs the reset steps before round (from 1; Seed ran them before round 0).
func (s *Running) Reset(ctx context.Context, round int) error {
	if len(s.plan.Reset) == 0 {
		return nil
	}
	return RunSteps(ctx, fmt.Sprintf("app.reset (round %d)", round+1), s.plan.Reset, s.data, s.log)
}

// HasReset reports whether the plan resets the data between rounds.
func (s *Running) HasReset() bool { return len(s.plan.Reset) > 0 }

// Report writes setup/steps.log and returns the setup pseudo-flow for the reports.
func (s *Running) Report() report.FlowReport {
	if s.group != nil {
		s.log.logs = s.group.Logs()
	}
	return s.log.report()
}

// Stop stops the servers, the last started first.
func (s *Running) Stop() error {
	if s == nil {
		return nil
	}
	return s.group.Stop()
}
