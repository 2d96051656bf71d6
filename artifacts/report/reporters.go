package report

import (
	"io"
	"os"
	"path/filepath"
	"slices"
)

// ReporterName names a reporter in run.reporters and --reporter.
type ReporterName string

// The reporters.
const (
	ReporterList  ReporterName = "list"  // a line per flow on the terminal
	ReporterJUnit ReporterName = "junit" // JUnitFile
	ReporterJSON  ReporterName = "json"  // JSONFile, which merge-reports reads
	ReporterHTML  ReporterName = "html"  // HTMLFile
	// ReporterGitHub annotates the failed flows' lines in GitHub Actions and writes the job's
	// summary; added by default when GITHUB_ACTIONS is true.
	ReporterGitHub ReporterName = "github"
)

// ReporterNames lists the reporters, in the order messages and help show them.
var ReporterNames = []ReporterName{ReporterList, ReporterJUnit, ReporterJSON, ReporterHTML, ReporterGitHub}

// Valid reports whether n is one of ReporterNames.
func (n ReporterName) Valid() bool { return slices.Contains(ReporterNames, n) }

// The files the file reporters write in the run's folder.
const (
	JUnitFile = "junit.xml"
	JSONFile  = "report.json"
	HTMLFile  = "index.html"
)

// NewReporter returns the reporter called name writing its file into dir, or nil for an
// unknown name. The list reporter writes on out, as list says (its Dir is dir, its Cwd the
// working directory unless list names one); the GitHub one
// writes its annotations on out and takes the rest from GitHub Actions' variables.
func NewReporter(name ReporterName, dir string, out io.Writer, list ListOptions) Reporter {
	switch name {
	case ReporterList:
		list.Dir = dir
		if list.Cwd == "" {
			list.Cwd, _ = os.Getwd()
		}
		return NewListReporter(out, list)
	case ReporterJUnit:
		return NewJUnitReporter(filepath.Join(dir, JUnitFile))
	case ReporterJSON:
		return NewJSONReporter(filepath.Join(dir, JSONFile))
	case ReporterHTML:
		return NewHTMLReporter(filepath.Join(dir, HTMLFile))
	case ReporterGitHub:
		opts := GitHubOptionsFromEnv(os.Getenv)
		opts.Dir = dir
		return NewGitHubReporter(out, opts)
	}
	return nil
}
