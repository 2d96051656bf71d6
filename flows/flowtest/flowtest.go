// Package flowtest runs flows under go test, as subtests, configured the way e2e run is:
// e2e.yaml and E2E_* variables (E2E_HEADED=1, E2E_SLOWMO=250ms, E2E_BASE_URL=...). With no
// base URL it starts the built-in shop. A failing flow keeps its evidence in the subtest's
// artifact folder (go test -artifacts -outputdir DIR keeps it).
package flowtest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/steps"
)

// Run runs every flow of suite as a subtest of t, each in a fresh incognito context of one
// browser.
func Run(t *testing.T, suite []flows.Flow) {
	t.Helper()
	cfg, err := config.Load(config.LoadOptions{})
	require.NoError(t, err)
	ctx := context.Background()
	app, err := flows.StartApp(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(app.Close)
	_, err = browser.FindChromium(cfg.Browser.Bin)
	require.NoError(t, err)
	b, err := browser.Open(ctx, flows.BrowserOptions(cfg))
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })

	env := flows.EnvFor(cfg, app, "go test")
	if !cfg.Browser.Headless {
		env.Observe = func(id string) []steps.StepObserver { return []steps.StepObserver{liveSteps{id: id}} }
	}
	for _, fl := range suite {
		t.Run(fl.Name, func(t *testing.T) {
			fctx, cancel := context.WithCancel(ctx)
			if cfg.Timeouts.Flow > 0 {
				fctx, cancel = context.WithTimeout(ctx, cfg.Timeouts.Flow)
			}
			defer cancel()
			a, err := flows.StartAttempt(fctx, b, &env, fl.Name)
			require.NoError(t, err)
			t.Cleanup(func() { _ = a.Close() })
			t.Cleanup(func() {
				if !t.Failed() {
					return
				}
				dir := t.ArtifactDir()
				files, err := a.WriteArtifacts(dir, dir, flows.Outcome{Failed: true, ID: fl.Name})
				t.Logf("evidence in %s: %d files (go test -artifacts keeps them)%s", dir, len(files), errSuffix(err))
			})
			fl.Run(a.F(fctx, t))
		})
	}
}

func errSuffix(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf("; not written: %v", err)
}

// liveSteps prints each step to standard error as it starts and ends, for a developer watching
// a headed browser (go test holds t.Log output until the test ends).
type liveSteps struct{ id string }

// StepStarted prints "▶ step".
func (l liveSteps) StepStarted(s steps.Step) {
	fmt.Fprintf(os.Stderr, "    %s%s ▶ %s\n", strings.Repeat("  ", s.Depth), l.id, s.Name)
}

// StepEnded prints the step's result and duration.
func (l liveSteps) StepEnded(s steps.Step) {
	fmt.Fprintf(os.Stderr, "    %s%s %s %s (%s)\n", strings.Repeat("  ", s.Depth), l.id, s.Result(), s.Name, s.Duration.Round(time.Millisecond))
}
