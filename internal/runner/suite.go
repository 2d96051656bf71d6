package runner

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

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
// select, in suite order: among Flows and Groups by name or tag, and among OnRequest, when
// run.grep is set, by tag only (--grep @security). A tag that does not start with @, or an
// OnRequest flow without one, is the suite's mistake.
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
	all := append(slices.Clip(s.Flows), grouped(s.Groups, "", nil, nil)...)
	if err := checkTags(all, s.OnRequest); err != nil {
		return nil, err
	}
	out := Select(all, grep, invert)
	if grep == nil {
		return out, nil
	}
	for _, f := range s.OnRequest {
		if slices.ContainsFunc(f.Tags, grep.MatchString) && (invert == nil || !matches(invert, f)) {
			out = append(out, f)
		}
	}
	return out, nil
}

// checkTags checks that every tag starts with @ and has no space, and that every OnRequest
// flow has one, which is how --grep chooses it.
func checkTags(all, onRequest []flows.Flow) error {
	for _, f := range slices.Concat(all, onRequest) {
		for _, tag := range f.Tags {
			if !strings.HasPrefix(tag, "@") || len(tag) < 2 || strings.ContainsFunc(tag, unicode.IsSpace) {
				return fmt.Errorf("flow %q: tag %q: a tag is @ and a word, like @smoke: fix the suite's Tags", f.Name, tag)
			}
		}
	}
	for _, f := range onRequest {
		if len(f.Tags) == 0 {
			return fmt.Errorf("flow %q runs on request, and has no tag for --grep to choose it by: give it one, like @security", f.Name)
		}
	}
	return nil
}

// hook is a group's BeforeEach and AfterEach, with the group's name for their steps.
type hook struct {
	group         string
	before, after func(*flows.F)
}

// grouped returns the flows of groups as flows of their own: each named with its groups' names
// before its own (prefix holds those of the groups around them), tagged with its groups' tags
// before its own (tags holds those around them), and running the hooks of its groups (outer
// holds those around them) around its own Run.
func grouped(groups []flows.Group, prefix string, tags []string, outer []hook) []flows.Flow {
	var out []flows.Flow
	for _, g := range groups {
		name := prefix + g.Name + groupSeparator
		gtags := slices.Concat(tags, g.Tags)
		hooks := append(slices.Clip(outer), hook{group: g.Name, before: g.BeforeEach, after: g.AfterEach})
		for _, fl := range g.Flows {
			fl.Name = name + fl.Name
			fl.Tags = unique(slices.Concat(gtags, fl.Tags))
			fl.Run = withHooks(fl.Run, hooks)
			out = append(out, fl)
		}
		out = append(out, grouped(g.Groups, name, gtags, hooks)...)
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

// Select returns the flows of all that grep selects (nil: all) and invert does not (nil: none),
// in suite order. A regexp selects a flow when it matches its name, one of its tags, or its name
// and tags together ("login @smoke"), as Playwright's --grep does.
func Select(all []flows.Flow, grep, invert *regexp.Regexp) []flows.Flow {
	var out []flows.Flow
	for _, f := range all {
		if grep != nil && !matches(grep, f) {
			continue
		}
		if invert != nil && matches(invert, f) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// unique returns tags without repeats, in their order.
func unique(tags []string) []string {
	var out []string
	for _, t := range tags {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// matches reports whether re matches f's name, one of its tags, or its name and tags together.
func matches(re *regexp.Regexp, f flows.Flow) bool {
	if re.MatchString(f.Name) || slices.ContainsFunc(f.Tags, re.MatchString) {
		return true
	}
	return len(f.Tags) > 0 && re.MatchString(f.Name+" "+strings.Join(f.Tags, " "))
}
