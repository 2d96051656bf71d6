package cli

import (
	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/config"
)

func (p *program) configCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration (defaults < e2e.yaml < E2E_* < flags), secrets masked",
		Args:  cobra.NoArgs,
	}
	config.BindFlags(cmd.Flags())
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := config.Load(config.LoadOptions{Flags: cmd.Flags(), Env: p.env})
		if err != nil {
			return SetupError(err)
		}
		return cfg.WriteYAML(p.io.out)
	}
	return cmd
}
