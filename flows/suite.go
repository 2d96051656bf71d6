package flows

import (
	"context"

	"github.com/e2e-dev/e2e/appserver"
	"github.com/e2e-dev/e2e/config"
)

// Suite is a named set of flows with the hooks that run them against their app: what a team
// writes, in a package of its own, and hands to cli.Main (its command) and flowtest.Run (go
// test). Every hook is optional.
type Suite struct {
	// Name names the suite in messages ("shop").
	Name string
	// Flows are the suite's flows, in suite order.
	Flows []Flow
	// Groups are groups of flows with hooks of their own (Playwright's describe), after Flows.
	Groups []Group
	// OnRequest are flows that run only when run.grep (--grep) matches one of their tags, never
	// for their name: checks a team runs on purpose rather than on every run, such as the shop's
	// security flows (e2e run --grep @security). Each has a tag. They come after Flows.
	OnRequest []Flow
	// Config is the suite's own config section (its keys, defaults, flags and checks), read
	// like e2e's own keys; its Name is empty when it has none. The hooks read it from the
	// *config.Config (cfg.SuiteString("shop.addr")).
	Config config.Section
	// Defaults are the suite's own defaults of e2e's keys, dotted key to value: what every run
	// of it needs whoever runs it, such as where its app keeps the API token
	// ({"backend.auth.kind": "storage", "backend.auth.key": "app.token"}). e2e.yaml, E2E_*
	// variables and flags still override them.
	Defaults map[string]any
	// Start starts or finds the app under test before any flow runs, from the configuration
	// (base_url, the suite's own config section), and says where it is; the run then checks that
	// it answers. Nil, or a nil App: the app is at base_url. The App's Stop, when set, is called
	// after the run.
	Start func(ctx context.Context, cfg *config.Config) (*App, error)
	// App is the app's servers and its seed and reset steps, started before Start (see
	// appserver). app: in the configuration adds to it: a configured server with the name of one
	// of these replaces it where it stands, others start after these; configured seed and reset
	// steps run after these.
	App appserver.Plan
	// BeforeEach runs before each attempt of every flow, in the flow's F: the place for
	// fixtures such as a fresh account (F.Set hands them to the flow). A failure in it fails
	// the attempt.
	BeforeEach func(f *F)
	// AfterEach runs after each attempt of every flow, passed or failed, in the flow's F.
	AfterEach func(f *F)
	// Projects are the ways every flow runs, as Playwright's projects: each a name, a device of
	// rod's list and overrides (locale, time zone, geolocation and permissions, color scheme,
	// offline). projects: in the configuration adds to them, one of the same name replacing
	// it. A run runs each flow once per project --project selects (all when it names none).
	Projects []config.Project
}
