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
	all := append(slices.Clip(s.Flows), grouped(s.Groups, "", nil)...)
	if grep != nil {
		all = append(all, s.OnRequest...)
	}
	return Select(all, grep, invert), nil
}

// hook is a group's BeforeEach and AfterEach, with the group's name for their steps.
type hook struct {
	group         string
	before, after func(*flows.F)
}

// grouped returns the flows of groups as flows of their own: each named with its groups' names
// before its own (prefix holds those of the groups around them), and running the hooks of its
// groups (outer holds those around them) around its own Run.
func grouped(groups []flows.Group, prefix string, outer []hook) []flows.Flow {
	var out []flows.Flow
	for _, g := range groups {
		name := prefix + g.Name + groupSeparator
		hooks := append(slices.Clip(outer), hook{group: g.Name, before: g.BeforeEach, after: g.AfterEach})
		for _, fl := range g.Flows {
			fl.Name = name + fl.Name
			fl.Run = withHooks(fl.Run, hooks)
			out = append(out, fl)
		}
		out = append(out, grouped(g.Groups, name, hooks)...)
	}
	return out
}

// groupSeparator joins a group's name and its flows' names, as Playwright's reporters do.
const groupSeparator = " › "

// withHooks is run with the hooks' BeforeEach before it, outermost first, and their AfterEach
// after it, innermost first, whether it passed, failed or stopped.
func withHooks(run func(*flows.F), hooks []hook) func(*flows.F) {
	return func(f *flows.F) {
		for _, h := range hooks { // deferred outermost first, so run innermost first
			if h.after != nil {
				defer f.Step("after each of "+h.group, func() { h.after(f) })
			}
		}
		for _, h := range hooks {
			if h.before != nil {
				f.Step("before each of "+h.group, func() { h.before(f) })
			}
		}
		run(f)
	}
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
