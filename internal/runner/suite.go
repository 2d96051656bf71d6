package runner

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// Register registers the suite s's config section, if it has one: before its flags are bound and
// its configuration loaded (cli and flowtest do it).
func Register(s flows.Suite) error {
	if s.Config.Name == "" {
		return nil
	}
	return config.Register(s.Config)
}

// LoadOptions returns opts with the suite's Defaults: how cli and flowtest load its
// configuration.
func LoadOptions(s flows.Suite, opts config.LoadOptions) config.LoadOptions {
	opts.Defaults = s.Defaults
	return opts
}

// Selected returns the suite's flows that the configuration's run.grep and run.grep_invert
// select, in suite order: among Flows, and among OnRequest too when run.grep is set.
func Selected(s flows.Suite, cfg *config.Config) ([]flows.Flow, error) {
	var grep, invert *regexp.Regexp
	var err error
	if cfg.Run.Grep != "" {
		if grep, err = regexp.Compile(cfg.Run.Grep); err != nil {
			return nil, fmt.Errorf("--grep: %w", err)
		}
	}
	if cfg.Run.GrepInvert != "" {
		if invert, err = regexp.Compile(cfg.Run.GrepInvert); err != nil {
			return nil, fmt.Errorf("--grep-invert: %w", err)
		}
	}
	all := s.Flows
	if grep != nil {
		all = append(slices.Clip(all), s.OnRequest...)
	}
	return Select(all, grep, invert), nil
}

// Select returns the flows of all whose name matches grep (nil: all) and does not match invert
// (nil: none), in suite order.
func Select(all []flows.Flow, grep, invert *regexp.Regexp) []flows.Flow {
	var out []flows.Flow
	for _, f := range all {
		if grep != nil && !grep.MatchString(f.Name) {
			continue
		}
		if invert != nil && invert.MatchString(f.Name) {
			continue
		}
		out = append(out, f)
	}
	return out
}
