package runner

import (
	"fmt"
	"slices"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// CheckBrowser fails, with the line that says what to fix, when the run would launch a browser
// (a flow of chosen needs one, and no remote browser is set) and none can be found: before
// StartApp and Run empty the artifacts folder, so that a run that cannot start keeps the last
// run's evidence.
func CheckBrowser(cfg *config.Config, chosen []flows.Flow) error {
	if cfg.Browser.Remote.Kind != "" || !slices.ContainsFunc(chosen, func(f flows.Flow) bool { return !f.NoBrowser }) {
		return nil
	}
	if _, err := browser.FindBrowser(cfg.Browser.Bin, cfg.Browser.Headless); err != nil {
		return err
	}
	if !cfg.Browser.Headless && !browser.HasDisplay() {
		return headedError(cfg)
	}
	return nil
}

// headedError is browser.ErrNoDisplay for a run whose configuration asked for a visible
// browser, naming what asked for it.
func headedError(cfg *config.Config) error {
	if cfg.Debug.Enabled {
		return fmt.Errorf("%w, or drop --debug", browser.ErrNoDisplay)
	}
	return fmt.Errorf("%w, or drop --headed", browser.ErrNoDisplay)
}
