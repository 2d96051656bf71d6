package runner

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

func TestOnRequestFlowsRunOnlyWhenGrepNamesThem(t *testing.T) {
	s := flows.Suite{Flows: []flows.Flow{{Name: "login"}, {Name: "logout"}}, OnRequest: []flows.Flow{{Name: "security: csrf"}}}
	names := func(grep, invert string) []string {
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
	require.Equal(t, []string{"login", "logout"}, names("", ""))
	require.Equal(t, []string{"login", "logout"}, names("", "nothing"))
	require.Equal(t, []string{"security: csrf"}, names("security", ""))
	require.Equal(t, []string{"login", "logout", "security: csrf"}, names(".", ""))
	require.Len(t, s.Flows, 2, "Selected leaves the suite as it was")
}
