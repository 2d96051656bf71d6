package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
)

// showReportOptions are e2e show-report's inputs.
type showReportOptions struct {
	dir    string
	addr   string
	noOpen bool
	config string
}

func (p *program) showReportCmd() *cobra.Command {
	var o showReportOptions
	cmd := &cobra.Command{
		Use:   "show-report [DIR]",
		Short: "Serve a report folder (default: artifacts.dir) on a loopback port and open it in a browser",
		Long: "Serve a report folder (default: the configured artifacts.dir) on a loopback port, print its\n" +
			"URL and open it in a browser when there is a display. Files are read as they are at each\n" +
			"request, so it keeps working while a run writes into the folder. Ctrl-C stops it.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.dir = args[0]
			} else {
				cfg, err := config.Load(config.LoadOptions{File: o.config})
				if err != nil {
					return SetupError(err)
				}
				o.dir = cfg.Artifacts.Dir
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return showReport(ctx, o, p.io)
		},
	}
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:0", "loopback address to serve on (port 0: a free one)")
	cmd.Flags().BoolVar(&o.noOpen, "no-open", false, "do not open a browser")
	cmd.Flags().StringVar(&o.config, "config", "", "config file whose artifacts.dir to serve when no DIR is given (default \"e2e.yaml\", if present)")
	return cmd
}

// showReport serves o.dir until ctx ends.
func showReport(ctx context.Context, o showReportOptions, io stdio) error {
	err := report.ServeReport(ctx, o.dir, o.addr, func(url string) {
		fmt.Fprintf(io.out, "Serving %s at %s\nPress Ctrl-C to stop.\n", o.dir, url)
		if !o.noOpen && hasDisplay() {
			openBrowser(url)
		}
	})
	if err != nil {
		return SetupError(fmt.Errorf("show-report: %w", err))
	}
	return nil
}

// hasDisplay reports whether a browser window can be shown: always on macOS and Windows, with
// an X or Wayland display elsewhere.
func hasDisplay() bool {
	switch runtime.GOOS {
	case "darwin", "windows":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

// openBrowser opens url in the desktop's browser, without waiting for it; failing is fine: the
// URL is printed.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err == nil {
		go func() {
			t := time.AfterFunc(time.Minute, func() { _ = cmd.Process.Kill() })
			_ = cmd.Wait()
			t.Stop()
		}()
	}
}
