package runner

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/e2e-dev/e2e/appserver"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// AppPlan is the app a run brings up: the suite's servers and data steps (Suite.App), with
// app: of the configuration over them (appserver.Plan.Merge).
func AppPlan(cfg *config.Config, suite flows.Suite) appserver.Plan {
	return suite.App.Merge(appserver.FromConfig(cfg.App))
}

// startServers starts the servers of the plan and, when base_url is not set, points the run
// at the first server's URL. It returns nil when the plan is empty. On error nothing is left
// running.
func startServers(ctx context.Context, cfg *config.Config, plan appserver.Plan) (*appserver.Running, error) {
	if plan.Empty() {
		return nil, nil
	}
	if err := PrepareArtifacts(cfg.Artifacts.Dir); err != nil {
		return nil, err
	}
	s, err := appserver.Begin(ctx, plan, appserver.RunOptions{
		ArtifactsDir: cfg.Artifacts.Dir, Reuse: cfg.App.ReuseExisting, CI: os.Getenv("CI") != "",
		ReadyTimeout: cfg.App.ReadyTimeout, StopTimeout: cfg.App.StopTimeout,
		Redact: setupRedactor(cfg, plan), Progress: os.Stderr,
	})
	if err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" && plan.BaseURL() != "" {
		cfg.BaseURL = plan.BaseURL()
	}
	return s, nil
}

// seed runs the plan's seed and reset steps against the app a.
func (a *App) seed(ctx context.Context) error {
	if a.servers == nil {
		return nil
	}
	return a.servers.Seed(ctx, appserver.Data{APIURL: a.APIURL, DBDriver: a.DBDriver, DBDSN: a.DBDSN})
}

// withSetup hands the runner the app's setup: the pseudo-flow the reports list first (named
// after the shard, so that merge-reports keeps each shard's), the folders Run must keep, and
// the reset between rounds.
func (a *App) withSetup(o *Options, cfg *config.Config) {
	if a == nil || a.servers == nil {
		return
	}
	s := a.servers
	o.Keep = []string{"servers", appserver.SetupID}
	o.Setup = func() report.FlowReport {
		f := s.Report()
		if cfg.Run.Shard != "" {
			f.ID += " (shard " + cfg.Run.Shard + ")"
		}
		return f
	}
	if s.HasReset() {
		o.BeforeRound = s.Reset
	}
}

// setupRedactor scrubs the app's output and setup steps as every artifact is: the
// configuration's secrets (passwords in URLs and DSNs), the values of secret-named environment
// variables and of every HTTP seed header, the passwords the other values hold by shape once
// their $VARs are expanded (DATABASE_URL=postgres://app:$PW@db, an HTTP call's path), and
// secret JSON keys. Nil when redaction is off.
func setupRedactor(cfg *config.Config, plan appserver.Plan) func(string) string {
	if !cfg.Artifacts.Redact.Enabled {
		return nil
	}
	r := redact.NewRedactor(redact.Options{
		Headers: cfg.Artifacts.Redact.Headers, QueryParams: cfg.Artifacts.Redact.QueryParams, JSONKeys: cfg.Artifacts.Redact.JSONKeys,
	})
	shaped := func(v string) {
		for _, pw := range redact.Passwords(os.ExpandEnv(v)) {
			r.AddSecret(pw)
		}
	}
	secret := func(env map[string]string, all bool) {
		for k, v := range env {
			if all || redact.SecretName(k) {
				r.AddSecret(os.ExpandEnv(v))
			}
			shaped(v)
		}
	}
	for _, s := range plan.Servers {
		secret(s.Env, false)
	}
	for _, step := range append(append([]appserver.Step(nil), plan.Seed...), plan.Reset...) {
		secret(step.Env, false)
		for _, c := range step.HTTP {
			secret(c.Headers, true)
			secret(c.Form, false)
			shaped(c.Path)
		}
	}
	scrub := cfg.Scrubber()
	return func(s string) string { return r.Message(scrub(s)) }
}

// SeedError is StartApp's error when a seed or reset step failed: the app had started, so the
// setup pseudo-flow has its steps (WriteSetupReports reports it).
type SeedError struct {
	Err   error
	Setup report.FlowReport
}

// Error is the failed step and why: `app.seed step 2 (sql seed.sql): ...`.
func (e *SeedError) Error() string { return e.Err.Error() }

// Unwrap returns the step's error.
func (e *SeedError) Unwrap() error { return e.Err }

// WriteSetupReports writes the reports of a run that ended at its setup: the failed setup
// pseudo-flow alone, so that the HTML report shows which step failed, with the server logs.
func WriteSetupReports(cfg *config.Config, setup report.FlowReport, out io.Writer) error {
	rep := &report.RunReport{Started: time.Now(), BaseURL: cfg.BaseURL, Status: report.StatusFailed,
		Flows: []report.FlowReport{setup}, DurationMS: setup.DurationMS}
	var errs []error
	for _, r := range ReportersFor(cfg, out) {
		r.RunStarted(0, 0)
		r.FlowEnded(setup, 0, 0)
		errs = append(errs, r.RunEnded(rep))
	}
	return errors.Join(errs...)
}
