package cli

import (
	"fmt"
	"io"
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
		si, sn := cfg.Run.ShardIndex()
		printList(p.io.out, selected, runner.Plan(selected, cfg.Run.RepeatEach, runner.Shard{Index: si, Total: sn}))
		return nil
	})
}

// printList prints one line per planned flow id (a flow, or one repetition of it under
// --repeat-each, in this --shard): the id and what the flow proves.
func printList(w io.Writer, fs []flows.Flow, ids []string) {
	docs := map[string]string{}
	for _, f := range fs {
		docs[f.Name] = f.Doc
	}
	width := 0
	for _, id := range ids {
		width = max(width, len(id))
	}
	for _, id := range ids {
		name, _, _ := strings.Cut(id, "#")
		fmt.Fprintf(w, "%-*s  %s\n", width, id, docs[name])
	}
	fmt.Fprintf(w, "%d flows\n", len(ids))
}
