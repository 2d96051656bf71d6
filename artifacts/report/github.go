package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
)

// GitHubOptions say where the GitHub Actions reporter writes and what its paths are relative
// to.
type GitHubOptions struct {
	// Root is the repository's root: annotations name files relative to it, and a file outside
	// it is not named. Empty: no file is named.
	Root string
	// Summary is the file the run's markdown summary is appended to ($GITHUB_STEP_SUMMARY);
	// empty: none is written.
	Summary string
	// BlobURL is the web address of the repository's files at the commit under test
	// ("https://github.com/o/r/blob/<sha>"): the summary links each location to it. Empty: the
	// summary names locations without links.
	BlobURL string
	// Dir is the artifacts folder as the user names it ("test-results"): the summary prints the
	// attempt folders under it.
	Dir string
}

// GitHubOptionsFromEnv returns the options GitHub Actions' variables give: the root is
// $GITHUB_WORKSPACE, or else the git repository holding the working directory; the summary is
// $GITHUB_STEP_SUMMARY.
func GitHubOptionsFromEnv(getenv func(string) string) GitHubOptions {
	o := GitHubOptions{Root: getenv("GITHUB_WORKSPACE"), Summary: getenv("GITHUB_STEP_SUMMARY")}
	if o.Root == "" {
		if wd, err := os.Getwd(); err == nil {
			o.Root = gitRoot(wd)
		}
	}
	server, repo, sha := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_SHA")
	if server != "" && repo != "" && sha != "" {
		o.BlobURL = strings.TrimSuffix(server, "/") + "/" + repo + "/blob/" + sha
	}
	return o
}

// gitRoot returns the nearest folder at or above dir that holds .git, or "" when none does.
func gitRoot(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// NewGitHubReporter returns the GitHub Actions reporter: when the run ends, one workflow
// command per failed flow on w (::error file=<path>,line=<n>,title=<flow>::<why>, which GitHub
// shows on the line of the pull request's diff and on the run's page) and one ::warning per
// flaky flow (an ::error when the flaky flows failed the run, under --fail-on-flaky), then the run's summary appended to opts.Summary as markdown.
func NewGitHubReporter(w io.Writer, opts GitHubOptions) Reporter {
	return &githubReporter{w: w, opts: opts}
}

// githubReporter is the GitHub Actions reporter. It writes once, at the end of the run.
type githubReporter struct {
	w    io.Writer
	opts GitHubOptions
}

// RunStarted does nothing: the reporter writes when the run ends.
func (g *githubReporter) RunStarted(total, workers int) {}

// FlowStarted does nothing.
func (g *githubReporter) FlowStarted(id string) {}

// FlowEnded does nothing.
func (g *githubReporter) FlowEnded(f FlowReport, done, total int) {}

// RunEnded writes the annotations and appends the summary.
func (g *githubReporter) RunEnded(r *RunReport) error {
	if r == nil {
		return errors.New("github reporter: no run report")
	}
	var b strings.Builder
	failOnFlaky := FailedOnFlaky(r)
	for _, f := range r.Flows {
		switch f.Status {
		case StatusFailed:
			b.WriteString(g.annotation("error", f.ID, f))
			b.WriteString(g.moreAnnotations(f))
		case StatusFlaky:
			if failOnFlaky {
				b.WriteString(g.annotation("error", f.ID+" (flaky: passed on a retry; --fail-on-flaky fails the run)", f))
			} else {
				b.WriteString(g.annotation("warning", f.ID+" (flaky: passed on a retry)", f))
			}
		}
		if a, lost := f.Annotation(AnnotationLostBrowser); lost {
			b.WriteString("::notice title=" + githubProperty(f.ID+" (re-run after a lost browser)") + "::" + githubData(a.Description) + "\n")
		}
	}
	if _, err := io.WriteString(g.w, b.String()); err != nil && !errors.Is(err, syscall.EPIPE) {
		return fmt.Errorf("github reporter: write: %w", err)
	}
	if g.opts.Summary == "" {
		return nil
	}
	file, err := os.OpenFile(g.opts.Summary, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("github reporter: step summary: %w", err)
	}
	_, err = io.WriteString(file, g.summary(r))
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("github reporter: step summary: %w", err)
	}
	return nil
}

// annotation is the workflow command for one failed or flaky flow.
func (g *githubReporter) annotation(kind, title string, f FlowReport) string {
	var props []string
	if file, line, ok := g.where(f); ok {
		props = append(props, "file="+githubProperty(file), fmt.Sprintf("line=%d", line))
	}
	props = append(props, "title="+githubProperty(title))
	return "::" + kind + " " + strings.Join(props, ",") + "::" + githubData(githubWhy(f)) + "\n"
}

// moreAnnotations are an ::error for each failure after the first of f's last failed attempt
// (a soft failure) whose line is in the repository: each at its own line.
func (g *githubReporter) moreAnnotations(f FlowReport) string {
	a, ok := reportLastFailure(f)
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, m := range a.Failure.More {
		if m.Location == nil || m.Location.Line <= 0 {
			continue
		}
		file, ok := repoPath(g.opts.Root, m.Location.File)
		if !ok {
			continue
		}
		why := reportFirstLine(m.Message)
		if m.Step != "" {
			why = m.Step + ": " + why
		}
		fmt.Fprintf(&b, "::error file=%s,line=%d,title=%s::%s\n", githubProperty(file), m.Location.Line,
			githubProperty(f.ID+" (failed too)"), githubData(why))
	}
	return b.String()
}

// where is the repository-relative file and line an annotation of f points at: its last
// failure's location, else the flow's own.
func (g *githubReporter) where(f FlowReport) (string, int, bool) {
	var loc *Location
	if a, ok := reportLastFailure(f); ok {
		loc = a.Failure.Location
	}
	if loc == nil {
		loc = f.Location
	}
	if loc == nil || loc.Line <= 0 {
		return "", 0, false
	}
	rel, ok := repoPath(g.opts.Root, loc.File)
	return rel, loc.Line, ok
}

// githubWhy is a flow's failure in one line: "step: message".
func githubWhy(f FlowReport) string {
	msg, step := reportFirstLine(f.Error), ""
	if a, ok := reportLastFailure(f); ok {
		msg, step = reportFirstLine(a.Failure.Message), a.Failure.Step
		if n := len(a.Failure.More); n > 0 {
			msg += fmt.Sprintf(" (and %s)", reportPlural(n, "more failure"))
		}
	}
	if msg == "" {
		msg = string(f.Status)
	}
	return stepMessage(step, msg)
}

// repoPath returns file relative to root, with slashes, when it lies inside root. A file the
// binary knows by its module path (built with -trimpath) is found by its longest tail that
// names a file under root.
func repoPath(root, file string) (string, bool) {
	if root == "" || file == "" {
		return "", false
	}
	if filepath.IsAbs(file) {
		for _, pair := range [][2]string{{root, file}, {evalSymlinks(root), evalSymlinks(file)}} {
			rel, err := filepath.Rel(pair[0], pair[1])
			if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return filepath.ToSlash(rel), true
			}
		}
		return "", false
	}
	parts := strings.Split(filepath.ToSlash(file), "/")
	for i := range parts {
		tail := path.Join(parts[i:]...)
		if st, err := os.Stat(filepath.Join(root, filepath.FromSlash(tail))); err == nil && st.Mode().IsRegular() {
			return tail, true
		}
	}
	return "", false
}

// evalSymlinks is filepath.EvalSymlinks, or p itself when it cannot be resolved.
func evalSymlinks(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// githubData escapes a workflow command's message, as GitHub's toolkit does.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command's property value.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
