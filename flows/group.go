package flows

// Group is a named set of flows with hooks of their own, as Playwright's describe: its name
// prefixes its flows' names ("Editing › trims the text"), which --grep and every report see; its
// BeforeEach and AfterEach run around each attempt of each of its flows, inside the suite's
// hooks and those of the groups around it. Groups nest.
//
//	flows.Group{Name: "Editing", BeforeEach: createThreeTodos, Flows: []flows.Flow{trims, escapes}}
type Group struct {
	// Name names the group; it prefixes its flows' names, joined by " › ".
	Name string
	// Tags mark every flow of the group and of the groups inside it, before the flows' own.
	Tags []string
	// BeforeEach runs before each attempt of each of the group's flows, in the flow's F, after
	// the suite's and the outer groups' BeforeEach; a failure in it fails the attempt.
	BeforeEach func(f *F)
	// AfterEach runs after each attempt of each of the group's flows, passed or failed, before
	// the outer groups' and the suite's AfterEach.
	AfterEach func(f *F)
	// Flows are the group's flows, in order.
	Flows []Flow
	// Groups are the groups inside it, after its flows.
	Groups []Group
}
