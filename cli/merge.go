package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/config"
)

// mergeOptions are e2e merge-reports' inputs.
type mergeOptions struct {
	dirs      []string
	output    string
	reporters []string
}

func (p *program) mergeCmd() *cobra.Command {
	var o mergeOptions
	cmd := &cobra.Command{
		Use:   "merge-reports DIR...",
		Short: "Merge the reports of shards (each DIR a shard's whole --artifacts-dir folder) into one",
		Long: `Merge the reports of shards into one: by default junit.xml, report.json and index.html in
--output, and the list summary.

Each DIR is one shard's whole --artifacts-dir folder, as its run left it: its report.json (a
shard always writes one) and the attempt folders next to it. In CI, upload and download the
whole folder, not only report.json: the merged index.html and junit.xml link the failed flows'
screenshots, traces and logs from those folders. A folder that lacks them still merges, with
one warning, and without that evidence.

The exit code is the merged run's: 0 when it passed, 1 when it failed.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			o.dirs = args
			return mergeReports(o, p.io)
		},
	}
	cmd.Flags().StringVarP(&o.output, "output", "o", "merged-results", "folder of the merged report")
	// Not github by default: each shard's job has annotated its own failures already.
	merged := config.Strings([]report.ReporterName{report.ReporterList, report.ReporterJUnit, report.ReporterJSON, report.ReporterHTML})
	cmd.Flags().StringSliceVar(&o.reporters, "reporter", merged, "reports to write: "+strings.Join(config.Strings(report.ReporterNames), ", "))
	return cmd
}

// mergeReports reads DIR/report.json of every shard and writes the merged reports.
func mergeReports(o mergeOptions, io stdio) error {
	reports := make([]*report.RunReport, len(o.dirs))
	for i, d := range o.dirs {
		r, err := report.ReadRunReport(filepath.Join(d, report.JSONFile))
		if err != nil {
			return SetupError(fmt.Errorf("merge-reports: %w: run each shard with --reporter json", err))
		}
		reports[i] = r
	}
	var rs []report.Reporter
	for _, name := range o.reporters {
		r := report.NewReporter(report.ReporterName(name), o.output, io.out, report.ListOptions{MergedShards: len(o.dirs)})
		if r == nil {
			return SetupError(fmt.Errorf("merge-reports: --reporter %q: expected %s", name, config.OneOf(report.ReporterNames)))
		}
		rs = append(rs, r)
	}
	merged, missing, err := report.MergeRunReports(reports, o.dirs, o.output)
	if err != nil {
		return SetupError(fmt.Errorf("merge-reports: %w", err))
	}
	if len(missing) > 0 {
		fmt.Fprintln(io.err, mergeMissingWarning(missing))
	}
	// Replay the merged run to every reporter, as if it had just run.
	for _, r := range rs {
		r.RunStarted(len(merged.Flows), merged.Workers)
		for i, f := range merged.Flows {
			r.FlowEnded(f, i+1, len(merged.Flows))
		}
		if err := r.RunEnded(merged); err != nil {
			return fmt.Errorf("merge-reports: %w", err)
		}
	}
	if merged.Status != report.StatusPassed {
		return &exitError{code: exitFail}
	}
	return nil
}

// mergeMissingWarning is the one line saying which artifacts the shards' folders lacked (the
// first few of them) and how to keep them.
func mergeMissingWarning(missing []string) string {
	const shown = 3
	names := strings.Join(missing[:min(len(missing), shown)], ", ")
	if len(missing) > shown {
		names += fmt.Sprintf(" and %d more", len(missing)-shown)
	}
	return "merge-reports: warning: missing from the shards' folders, so left out of the merged report: " + names +
		": upload each shard's whole --artifacts-dir folder, not only its report.json"
}
