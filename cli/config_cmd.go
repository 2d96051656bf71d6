package main

import (
	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/config"
)

func newConfigCmd(io stdio) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration (defaults < e2e.yaml < E2E_* < flags), secrets masked",
		Args:  cobra.NoArgs,
	}
	config.BindFlags(cmd.Flags())
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := config.Load(config.LoadOptions{Flags: cmd.Flags()})
		if err != nil {
			return setupError(err)
		}
		return cfg.WriteYAML(io.out)
	}
	return cmd
}
