package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

func (p *program) listCmd() *cobra.Command {
	return p.configuredCmd("list", "List the flows, one line each (with --grep, those that would run)", func(cfg *config.Config) error {
		selected, err := runner.Selected(p.suite, cfg)
		if err != nil {
			return SetupError(err)
		}
		plan, err := p.plan(cfg)
		if err != nil {
			return err
		}
		printList(p.io.out, selected, plan)
		if cfg.Run.Grep == "" {
			printOnRequest(p.io.out, p.suite.OnRequest)
		}
		return nil
	})
}

// plan is what a run under cfg would run (--grep, --project, --repeat-each, --last-failed,
// --shard), or a SetupError.
func (p *program) plan(cfg *config.Config) ([]runner.Planned, error) {
	only, _, err := p.lastFailed(cfg)
	if err != nil {
		return nil, err
	}
	if only != nil && len(only) == 0 {
		return []runner.Planned{}, nil
	}
	selected, err := runner.Selected(p.suite, cfg)
	if err != nil {
		return nil, SetupError(err)
	}
	projects, err := runner.Projects(p.suite, cfg)
	if err != nil {
		return nil, SetupError(err)
	}
	si, sn := cfg.Run.ShardIndex()
	return runner.Plan(selected, projects, cfg.Run.RepeatEach, runner.Shard{Index: si, Total: sn}, only...), nil
}

// printList prints one line per planned flow (a flow, or one repetition of it under
// --repeat-each, in a project, in this --shard): its id, its tags, what the flow proves, and
// why it does not run when it is marked skip or fixme.
func printList(w io.Writer, fs []flows.Flow, plan []runner.Planned) {
	about := map[string]string{}
	for _, f := range fs {
		var parts []string
		if len(f.Tags) > 0 {
			parts = append(parts, strings.Join(f.Tags, " "))
		}
		if f.Doc != "" {
			parts = append(parts, f.Doc)
		}
		switch {
		case f.Fixme != "":
			parts = append(parts, "(fixme: "+f.Fixme+")")
		case f.Skip != "":
			parts = append(parts, "(skipped: "+f.Skip+")")
		}
		about[f.Name] = strings.Join(parts, "  ")
	}
	width := 0
	for _, j := range plan {
		width = max(width, len(j.ID))
	}
	for _, j := range plan {
		fmt.Fprintf(w, "%-*s  %s\n", width, j.ID, about[j.Name])
	}
	if len(plan) == 1 {
		fmt.Fprintln(w, "1 flow")
		return
	}
	fmt.Fprintf(w, "%d flows\n", len(plan))
}

// printOnRequest says, under a list without --grep, that the suite has flows that run only on
// request, and the tags that ask for them.
func printOnRequest(w io.Writer, fs []flows.Flow) {
	if len(fs) == 0 {
		return
	}
	var tags []string
	for _, f := range fs {
		for _, t := range f.Tags {
			if !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
	}
	fmt.Fprintf(w, "and %d on request, which run only when --grep names their tag: %s\n", len(fs), strings.Join(tags, ", "))
}
