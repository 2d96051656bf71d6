package flowtest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// selectionNames are subtest names as flows have them: spaces, repetitions, a group's arrow, a
// slash, a tab.
var selectionNames = []string{"login", "signup", "add favourite", "remove favourite", "profile#1",
	"Editing › trim entered text", "a/b", "tab\there"}

// TestSelectionAgreesWithGoTest runs this test binary again with -run and -skip patterns, in
// which TestSelectionHelperProcess starts a subtest of every name and says where go test and
// the selection disagree on which run.
func TestSelectionAgreesWithGoTest(t *testing.T) {
	const top = "TestSelectionHelperProcess"
	for _, tc := range []struct{ run, skip string }{
		{top, ""},
		{top + "/login", ""},
		{top + "/^log|" + top + "/fav", ""},
		{top + "/(login|signup)$", ""},
		{top + "/add_favourite", ""},
		{top + "/add favourite", ""},
		{top + "/Editing_›", ""},
		{top + "/a/b", ""},
		{top + "/a", ""},
		{top + "/tab\\\\t", ""},
		{top + "/#1", ""},
		{top, top + "/login$"},
		{top, "/favourite"},
		{top, top + "/a/"},
		{top, "x|" + top + "/signup"},
		{top + "/[/]", ""},
	} {
		cmd := exec.Command(os.Args[0], "-test.run", tc.run, "-test.skip", tc.skip, "-test.count=1")
		cmd.Env = append(os.Environ(), "FLOWTEST_SELECTION_HELPER=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "-run %q -skip %q:\n%s", tc.run, tc.skip, out)
		require.NotContains(t, string(out), "MISMATCH", "-run %q -skip %q", tc.run, tc.skip)
		require.Contains(t, string(out), "CHECKED", "-run %q -skip %q: the helper ran", tc.run, tc.skip)
	}
}

// TestSelectionHelperProcess is TestSelectionAgreesWithGoTest's other half; alone it skips.
func TestSelectionHelperProcess(t *testing.T) {
	if os.Getenv("FLOWTEST_SELECTION_HELPER") != "1" {
		t.Skip("run by TestSelectionAgreesWithGoTest")
	}
	sel := goTestSelection()
	var bad []string
	for _, name := range selectionNames {
		want := sel.chooses(t.Name(), name)
		ran := false
		t.Run(name, func(*testing.T) { ran = true })
		if ran != want {
			bad = append(bad, fmt.Sprintf("%q: go test ran it: %v, the selection chose it: %v", name, ran, want))
		}
	}
	if len(bad) > 0 {
		fmt.Println("MISMATCH " + strings.Join(bad, "; "))
	}
	fmt.Println("CHECKED")
}

// TestSplitPattern: alternatives at |, levels at /, neither inside brackets or parentheses.
func TestSplitPattern(t *testing.T) {
	require.Nil(t, splitPattern(""))
	require.Equal(t, [][]string{{"A", "b_c"}, {"D", "(x|y)", "[/]"}}, splitPattern("A/b c|D/(x|y)/[/]"))
	require.Equal(t, [][]string{{`a\/b`}}, splitPattern(`a\/b`))
}
