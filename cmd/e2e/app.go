package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/e2e-dev/e2e/appserver"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// startServers starts the app's servers of plan (app: in the configuration, over the suite's)
// and, when base_url is not set, points the run at the first server's URL. It returns nil
// without servers, seed or reset steps. Whatever it returns, the caller stops it.
func startServers(ctx context.Context, cfg *config.Config, plan appserver.Plan, io stdio) (*appserver.Session, error) {
	if plan.Empty() {
		return nil, nil
	}
	if err := flows.PrepareArtifacts(cfg.Artifacts.Dir); err != nil {
		return nil, err
	}
	s, err := appserver.Begin(ctx, plan, appserver.RunOptions{
		ArtifactsDir: cfg.Artifacts.Dir, Reuse: cfg.App.ReuseExisting, CI: os.Getenv("CI") != "",
		ReadyTimeout: cfg.App.ReadyTimeout, StopTimeout: cfg.App.StopTimeout,
		Redact: setupRedactor(cfg, plan), Progress: io.err,
	})
	if err != nil {
		var se *appserver.StartError
		if errors.As(err, &se) {
			// The one line, then what the server said last.
			return s, fmt.Errorf("%s%w", se.Msg, tailNote{se.Output, io})
		}
		return s, err
	}
	if cfg.BaseURL == "" && plan.BaseURL() != "" {
		cfg.BaseURL = plan.BaseURL()
		if cfg.Backend.APIURL == "" {
			cfg.Backend.APIURL = cfg.BaseURL
		}
	}
	return s, nil
}

// tailNote prints a failed server's last lines of output after e2e's one-line error.
type tailNote struct {
	lines string
	io    stdio
}

func (t tailNote) Error() string { return "" }

// printTail prints the last lines of output a start error carries, if any.
func printTail(err error, io stdio) {
	var t tailNote
	if errors.As(err, &t) {
		fmt.Fprintln(io.err, "e2e: its last lines of output:")
		fmt.Fprintln(io.err, t.lines)
	}
}

// setupRedactor scrubs the app's output and setup steps as every artifact is: the
// configuration's secrets (passwords in URLs and DSNs), the values of secret-named
// environment variables and headers of the plan, and secret JSON keys.
func setupRedactor(cfg *config.Config, plan appserver.Plan) func(string) string {
	if !cfg.Artifacts.Redact.Enabled {
		return nil
	}
	r := redact.NewRedactor(redact.RedactOptions{
		Headers: cfg.Artifacts.Redact.Headers, QueryParams: cfg.Artifacts.Redact.QueryParams, JSONKeys: cfg.Artifacts.Redact.JSONKeys,
	})
	secret := func(env map[string]string, all bool) {
		for k, v := range env {
			if all || redact.SecretName(k) {
				r.AddSecret(os.ExpandEnv(v))
			}
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
		}
	}
	scrub := cfg.Scrubber()
	return func(s string) string { return r.Message(scrub(s)) }
}
