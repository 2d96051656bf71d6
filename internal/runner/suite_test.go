package runner

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// selectedNames is what Selected chooses of s under grep and invert, by name.
func selectedNames(t *testing.T, s flows.Suite, grep, invert string) []string {
	t.Helper()
	cfg := config.Default()
	cfg.Run.Grep, cfg.Run.GrepInvert = grep, invert
	fs, err := Selected(s, cfg)
	require.NoError(t, err)
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

// TestOnRequestFlowsRunOnlyWhenGrepNamesTheirTag: an on-request flow runs when --grep matches
// one of its tags, never for its name (--grep favourite does not run the security flow about
// favourites).
func TestOnRequestFlowsRunOnlyWhenGrepNamesTheirTag(t *testing.T) {
	s := flows.Suite{
		Flows:     []flows.Flow{{Name: "login"}, {Name: "add favourite"}},
		OnRequest: []flows.Flow{{Name: "security: another user's favourites", Tags: []string{"@security"}}, {Name: "fault: favourites offline", Tags: []string{"@fault"}}},
	}
	require.Equal(t, []string{"login", "add favourite"}, selectedNames(t, s, "", ""))
	require.Equal(t, []string{"login", "add favourite"}, selectedNames(t, s, "", "nothing"))
	require.Equal(t, []string{"add favourite"}, selectedNames(t, s, "favourite", ""), "not the on-request flows whose names hold it")
	require.Equal(t, []string{"security: another user's favourites"}, selectedNames(t, s, "@security", ""))
	require.Equal(t, []string{"security: another user's favourites", "fault: favourites offline"}, selectedNames(t, s, "@security|@fault", ""))
	require.Equal(t, []string{"fault: favourites offline"}, selectedNames(t, s, "@", "security"), "--grep-invert by name too")
	require.Equal(t, []string{"login", "add favourite", "security: another user's favourites", "fault: favourites offline"},
		selectedNames(t, s, ".", ""), "a pattern that matches any tag runs them all")
	require.Len(t, s.Flows, 2, "Selected leaves the suite as it was")
}

// TestGrepMatchesTagsAsPlaywrightDoes: --grep and --grep-invert match a flow's name, one of its
// tags, or both together; a group's tags are its flows'.
func TestGrepMatchesTagsAsPlaywrightDoes(t *testing.T) {
	s := flows.Suite{
		Flows: []flows.Flow{{Name: "login", Tags: []string{"@smoke", "@auth"}}, {Name: "profile"}},
		Groups: []flows.Group{{Name: "Editing", Tags: []string{"@todo"}, Flows: []flows.Flow{{Name: "trims", Tags: []string{"@smoke", "@todo"}}},
			Groups: []flows.Group{{Name: "Nested", Tags: []string{"@slowpath"}, Flows: []flows.Flow{{Name: "escapes"}}}}}},
	}
	require.Equal(t, []string{"login", "Editing › trims"}, selectedNames(t, s, "@smoke", ""))
	require.Equal(t, []string{"Editing › trims", "Editing › Nested › escapes"}, selectedNames(t, s, "@todo", ""), "a group's tags apply to its flows and those of the groups inside it")
	require.Equal(t, []string{"Editing › Nested › escapes"}, selectedNames(t, s, "@slowpath", ""))
	require.Equal(t, []string{"login"}, selectedNames(t, s, "^login$", ""), "the name alone still matches")
	require.Equal(t, []string{"login"}, selectedNames(t, s, "login @smoke", ""), "name and tags together")
	require.Equal(t, []string{"profile", "Editing › Nested › escapes"}, selectedNames(t, s, "", "@smoke"))
	fs, err := Selected(s, config.Default())
	require.NoError(t, err)
	require.Equal(t, []string{"@todo", "@smoke"}, fs[2].Tags, "the group's first, each once")
	require.Equal(t, []string{"@todo", "@slowpath"}, fs[3].Tags)
}

// TestTagsAreChecked: a tag is @ and a word, and an on-request flow needs one.
func TestTagsAreChecked(t *testing.T) {
	for _, tc := range []struct {
		suite flows.Suite
		want  string
	}{
		{flows.Suite{Flows: []flows.Flow{{Name: "login", Tags: []string{"smoke"}}}},
			`flow "login": tag "smoke": a tag is @ and a word, like @smoke: fix the suite's Tags`},
		{flows.Suite{Groups: []flows.Group{{Name: "Editing", Tags: []string{"@two words"}, Flows: []flows.Flow{{Name: "trims"}}}}},
			`flow "Editing › trims": tag "@two words": a tag is @ and a word, like @smoke: fix the suite's Tags`},
		{flows.Suite{OnRequest: []flows.Flow{{Name: "security: csrf"}}},
			`flow "security: csrf" runs on request, and has no tag for --grep to choose it by: give it one, like @security`},
	} {
		_, err := Selected(tc.suite, config.Default())
		require.EqualError(t, err, tc.want)
	}
}
