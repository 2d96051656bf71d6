package runner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// Projects returns the projects a run of suite runs, in order: the suite's, with the
// configuration's added (one of the same name replacing the suite's), those run.projects
// (--project) names, or all when it names none. None: the flows run once each, as they are.
func Projects(s flows.Suite, cfg *config.Config) ([]config.Project, error) {
	all := slices.Clone(s.Projects)
	for i, p := range all {
		if err := config.CheckProject(p); err != nil {
			return nil, fmt.Errorf("suite %s: project %d (%s): %w", s.Name, i+1, redact.Bound(p.Name, 40), err)
		}
	}
	for _, p := range cfg.Projects {
		if i := slices.IndexFunc(all, func(q config.Project) bool { return strings.EqualFold(q.Name, p.Name) }); i >= 0 {
			all[i] = p
		} else {
			all = append(all, p)
		}
	}
	if len(cfg.Run.Projects) == 0 {
		return all, nil
	}
	names := make([]string, len(all))
	for i, p := range all {
		names[i] = p.Name
	}
	var out []config.Project
	for _, name := range cfg.Run.Projects {
		i := slices.IndexFunc(all, func(q config.Project) bool { return strings.EqualFold(q.Name, name) })
		switch {
		case i < 0 && len(all) == 0:
			return nil, fmt.Errorf("--project %s: the suite and the configuration declare no project (projects:)", redact.Quote(name))
		case i < 0:
			return nil, fmt.Errorf("--project %s: no such project; the projects are %s", redact.Quote(name), strings.Join(names, ", "))
		}
		if !slices.ContainsFunc(out, func(q config.Project) bool { return q.Name == all[i].Name }) {
			out = append(out, all[i])
		}
	}
	return out, nil
}

// projectID is the id of a flow run under project: "[mobile] login", or the flow's name alone
// when the run has no projects.
func projectID(name string, project *config.Project) string {
	if project == nil {
		return name
	}
	return "[" + project.Name + "] " + name
}
