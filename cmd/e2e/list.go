package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

func newListCmd(io stdio) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the flows, one line each (with --grep, those that would run)",
		Args:  cobra.NoArgs,
	}
	config.BindFlags(cmd.Flags())
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := config.Load(config.LoadOptions{Flags: cmd.Flags()})
		if err != nil {
			return setupError(err)
		}
		selected, err := selectFlows(flows.ShopSuite(), cfg)
		if err != nil {
			return setupError(err)
		}
		printList(io.out, selected)
		return nil
	}
	return cmd
}

// printList prints one line per flow: its name and what it proves.
func printList(w io.Writer, fs []flows.Flow) {
	width := 0
	for _, f := range fs {
		width = max(width, len(f.Name))
	}
	for _, f := range fs {
		fmt.Fprintf(w, "%-*s  %s\n", width, f.Name, f.Doc)
	}
	fmt.Fprintf(w, "%d flows\n", len(fs))
}
