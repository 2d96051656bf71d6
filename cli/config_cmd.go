package cli

import (
	"github.com/e2e-dev/e2e/internal/runner"
	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/config"
)

// configuredCmd returns a command that takes every configuration flag and runs fn with the
// configuration they, e2e.yaml and E2E_* give; a configuration mistake exits 2.
func (p *program) configuredCmd(use, short string, fn func(cfg *config.Config) error) *cobra.Command {
	return p.configure(&cobra.Command{Use: use, Short: short, Args: cobra.NoArgs}, fn)
}

// configure gives cmd every configuration flag and makes it run fn with the configuration.
func (p *program) configure(cmd *cobra.Command, fn func(cfg *config.Config) error) *cobra.Command {
	config.BindFlags(cmd.Flags())
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := config.Load(runner.LoadOptions(p.suite, config.LoadOptions{Flags: cmd.Flags()}))
		if err != nil {
			return SetupError(err)
		}
		return fn(cfg)
	}
	return cmd
}

func (p *program) configCmd() *cobra.Command {
	return p.configuredCmd("config", "Print the effective configuration (defaults < e2e.yaml < E2E_* < flags), secrets masked",
		func(cfg *config.Config) error { return cfg.WriteYAML(p.io.out) })
}
