package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestNetworkRoutesOfTheRunAreSeededAndLogged: e2e.yaml's network.routes with a probability
// route every flow; each decision is in steps.log, the same seed takes the same decisions, and
// a request the route failed is marked _routed in a HAR that har-validator accepts.
func TestNetworkRoutesOfTheRunAreSeededAndLogged(t *testing.T) {
	yaml := `network:
  seed: 7
  routes:
    - {action: abort, method: PUT, url: "/api/favourites/*", probability: 0.5, reason: connectionreset}
    - {action: fulfil, method: DELETE, url: "/api/favourites/*", status: 500, json: {error: injected}}
`
	decisions := func() (string, string) {
		c := newCLI(t)
		require.NoError(t, os.WriteFile(filepath.Join(c.dir, "e2e.yaml"), []byte(yaml), 0o644))
		c.run("run", "--grep", "^(add|remove) favourite$", "--repeat-each", "3", "--artifacts-mode", "on", "--workers", "1")
		logs, err := filepath.Glob(filepath.Join(c.dir, "test-results", "*", "steps.log"))
		require.NoError(t, err)
		require.NotEmpty(t, logs, "stdout: %s\nstderr: %s", c.out, c.errb)
		var draws []string
		var har string
		drew := regexp.MustCompile(`route PUT /api/favourites/\*: PUT /api/favourites/\d+: drew .*`)
		for _, l := range logs {
			b, err := os.ReadFile(l)
			require.NoError(t, err)
			require.Contains(t, string(b), "network: 2 route(s) of the run, seed 7")
			for _, m := range drew.FindAllString(string(b), -1) {
				draws = append(draws, filepath.Base(filepath.Dir(l))+" "+regexp.MustCompile(`/\d+:`).ReplaceAllString(m, "/N:"))
			}
			if strings.Contains(string(b), "aborted PUT") && har == "" {
				har = filepath.Join(filepath.Dir(l), "network.har")
			}
		}
		return strings.Join(draws, "\n"), har
	}
	first, har := decisions()
	again, _ := decisions()
	require.NotEmpty(t, first)
	require.Equal(t, first, again, "the same seed takes the same decisions")
	require.Len(t, strings.Split(first, "\n"), 3, "one draw per add favourite attempt")
	require.Contains(t, first, "applies", "some PUT aborted (seed 7)")
	require.NotEmpty(t, har)
	b, err := os.ReadFile(har)
	require.NoError(t, err)
	routed := regexp.MustCompile(`"_routed":\s*\{\s*"route":\s*"PUT /api/favourites/\*",\s*"action":\s*"aborted",\s*"detail":\s*"connectionreset"`)
	require.True(t, routed.Match(b), "the aborted PUT is marked _routed in %s", har)
	out, ok := testenv.ValidateHAR(t, har)
	require.True(t, ok, "har-validator: %s", out)
}
