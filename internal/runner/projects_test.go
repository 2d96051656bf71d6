package runner_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/runner"
)

// TestProjectsOfARun: the suite's projects, the configuration's added or replacing one of the
// same name, --project picking some (in its order, any case); an unknown name or a bad project
// of the suite is one line saying what to fix.
func TestProjectsOfARun(t *testing.T) {
	suite := flows.Suite{Name: "app", Projects: []config.Project{{Name: "desktop"}, {Name: "mobile", Device: "Pixel 2"}}}
	cfg := &config.Config{Projects: []config.Project{{Name: "Mobile", Device: "iPhone X"}, {Name: "dark", ColorScheme: "dark"}}}
	ps, err := runner.Projects(suite, cfg)
	require.NoError(t, err)
	require.Equal(t, []config.Project{{Name: "desktop"}, {Name: "Mobile", Device: "iPhone X"}, {Name: "dark", ColorScheme: "dark"}}, ps)

	cfg.Run.Projects = []string{"dark", "mobile", "DARK"}
	ps, err = runner.Projects(suite, cfg)
	require.NoError(t, err)
	require.Equal(t, []config.Project{{Name: "dark", ColorScheme: "dark"}, {Name: "Mobile", Device: "iPhone X"}}, ps)

	cfg.Run.Projects = []string{"tablet"}
	_, err = runner.Projects(suite, cfg)
	require.EqualError(t, err, `--project "tablet": no such project; the projects are desktop, Mobile, dark`)
	_, err = runner.Projects(flows.Suite{}, &config.Config{Run: config.RunConfig{Projects: []string{"mobile"}}})
	require.EqualError(t, err, `--project "mobile": the suite and the configuration declare no project (projects:)`)
	_, err = runner.Projects(flows.Suite{Name: "app", Projects: []config.Project{{Name: "m", Device: "Pixle 2"}}}, &config.Config{})
	require.EqualError(t, err, `suite app: project 1 (m): device: "Pixle 2" is not in rod's device list (did you mean "Pixel 2"?)`)
	ps, err = runner.Projects(flows.Suite{}, &config.Config{})
	require.NoError(t, err)
	require.Empty(t, ps, "no projects: each flow runs once, as it is")
}

// TestProjectsApplyToTheirFlows runs one flow under three projects: each attempt's tab has its
// project's device and overrides (the offline one is offline), steps.log says which, and every
// report names the project, in its id and its own field. Locally and over CDP.
func TestProjectsApplyToTheirFlows(t *testing.T) {
	look := flows.Flow{Name: "look", Run: func(f *flows.F) {
		facts := f.Tab.Evaluate(`() => [screen.width, navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone,
			matchMedia("(prefers-color-scheme: dark)").matches, navigator.onLine].join(" ")`)
		f.Step("facts: "+facts.Str(), func() {})
		f.Errorf("keep the evidence") // every attempt fails, so that its steps.log is kept
	}}
	projects := []config.Project{
		{Name: "desktop"},
		{Name: "phone", Device: "Pixel 2", Locale: "de-DE", Timezone: "Asia/Tokyo", ColorScheme: "dark",
			Geolocation: &browser.Geolocation{Latitude: 1, Longitude: 2}, Permissions: []string{"geolocation"}},
		{Name: "offline", Offline: true},
	}
	for kind, b := range browserKinds(t) {
		t.Run(kind, func(t *testing.T) {
			rep, dir := runSuite(t, []flows.Flow{look}, nil, func(o *runner.Options) { o.Projects, o.BeforeEach, o.Browser = projects, nil, b })
			checkProjectsApplied(t, rep, dir, projects)
		})
	}
}

// checkProjectsApplied checks the run rep of TestProjectsApplyToTheirFlows, kept in dir.
func checkProjectsApplied(t *testing.T, rep *report.RunReport, dir string, projects []config.Project) {
	require.Len(t, rep.Flows, 3)
	facts := map[string]string{}
	for i, f := range rep.Flows {
		require.Equal(t, projects[i].Name, f.Project)
		require.Equal(t, "["+projects[i].Name+"] look", f.ID)
		for _, s := range f.Attempts[0].Steps {
			if rest, ok := strings.CutPrefix(s.Name, "facts: "); ok {
				facts[f.Project] = rest
			}
		}
		steps, err := os.ReadFile(filepath.Join(dir, f.Attempts[0].Artifacts[report.ArtifactSteps]))
		require.NoError(t, err)
		if f.Project == "phone" {
			require.Contains(t, string(steps), `project phone: device "Pixel 2", locale de-DE, timezone Asia/Tokyo, geolocation 1,2, color scheme dark`)
		}
		if f.Project == "offline" {
			require.Contains(t, string(steps), "network: offline")
		}
	}
	require.Equal(t, "411 de-DE Asia/Tokyo true true", facts["phone"])
	require.True(t, strings.HasSuffix(facts["offline"], " false"), "offline: navigator.onLine is false: %s", facts["offline"])
	require.True(t, strings.HasSuffix(facts["desktop"], " false true"), "desktop: light, online: %s", facts["desktop"])
	require.NotEqual(t, facts["desktop"], facts["phone"])
	require.DirExists(t, filepath.Join(dir, "phone-look"), "the attempt folder names the project")
}
