package runner

import (
	"math/rand/v2"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages"
)

// BrowserOptions are the browser settings of a configuration.
func BrowserOptions(cfg *config.Config) browser.Options {
	return browser.Options{
		Bin:          cfg.Browser.Bin,
		Headless:     cfg.Browser.Headless,
		Devtools:     cfg.Browser.DevTools,
		SlowMotion:   cfg.Browser.SlowMo,
		Args:         cfg.Browser.Args,
		SetupTimeout: cfg.Timeouts.Setup,
		Remote: browser.RemoteOptions{
			Kind:           cfg.Browser.Remote.Kind,
			URL:            cfg.Browser.Remote.URL,
			Capabilities:   cfg.Browser.Remote.Capabilities,
			Headers:        cfg.Browser.Remote.Headers,
			SessionTimeout: cfg.Browser.Remote.SessionTimeout,
			ViaGrid:        !cfg.Browser.Remote.Direct,
		},
	}
}

// EnvFor is what every attempt shares under a configuration, against app.
func EnvFor(cfg *config.Config, app *App, version string) Env {
	env := Env{
		BaseURL:         app.BaseURL,
		APIURL:          app.APIURL,
		DB:              app.DB,
		ActionTimeout:   cfg.Timeouts.Action,
		EvidenceTimeout: cfg.Timeouts.Evidence,
		MaxBody:         cfg.Artifacts.HAR.MaxBody,
		Highlight:       cfg.Browser.Highlight,
		TestIDAttr:      cfg.Locators.TestIDAttribute,
		Version:         version,
		Trace:           cfg.Artifacts.Trace,
		Audit:           AuditOptionsFor(cfg),
		Auth:            cfg.Backend.Auth,
		Seed:            uint64(cfg.Network.Seed),
		Snapshots: pages.Snapshots{Dir: cfg.SnapshotsDir(), Update: string(cfg.Snapshots.Update), Threshold: cfg.Snapshots.Threshold,
			MaxDiffPixels: cfg.Snapshots.MaxDiffPixels, MaxDiffPixelRatio: cfg.Snapshots.MaxDiffPixelRatio},
	}
	if env.Seed == 0 {
		env.Seed = rand.Uint64()
	}
	env.Routes, _ = cfg.Network.Rules() // config.Load has checked them
	if cfg.Artifacts.Redact.Enabled {
		env.Redact = &redact.Options{
			Headers:     cfg.Artifacts.Redact.Headers,
			QueryParams: cfg.Artifacts.Redact.QueryParams,
			JSONKeys:    cfg.Artifacts.Redact.JSONKeys,
		}
	}
	return env
}

// OptionsFor returns the runner options of a configuration for the selected flows against
// app, without reporters and debugging hooks, which belong to the caller.
func OptionsFor(cfg *config.Config, selected []flows.Flow, app *App, version string) Options {
	si, sn := cfg.Run.ShardIndex()
	return Options{
		Flows:         selected,
		Workers:       cfg.Workers(len(selected) * max(cfg.Run.RepeatEach, 1)),
		Retries:       cfg.Run.Retries,
		RepeatEach:    cfg.Run.RepeatEach,
		FailOnFlaky:   cfg.Run.FailOnFlaky,
		FlowTimeout:   cfg.Timeouts.Flow,
		Shard:         Shard{Index: si, Total: sn},
		Browser:       BrowserOptions(cfg),
		PinWorkers:    cfg.Run.PinWorkers,
		Env:           EnvFor(cfg, app, version),
		ArtifactsDir:  cfg.Artifacts.Dir,
		ArtifactsMode: cfg.Artifacts.Mode,
		MaxFailures:   cfg.Run.MaxFailures,
		GlobalTimeout: cfg.Run.GlobalTimeout,
	}
}
