package flows_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/flowstate"
)

// TestUniqueNameTakesItsShapeFromTheOptions: prefix, alphabet and length as asked (letters and
// digits only by default, what a strict signup form accepts), and no two alike.
func TestUniqueNameTakesItsShapeFromTheOptions(t *testing.T) {
	require.Regexp(t, `^[a-z0-9]{10}$`, flows.UniqueName(flows.NameOptions{}))
	require.Regexp(t, `^u_[0-9a-f]{6}$`, flows.UniqueName(flows.NameOptions{Prefix: "u_", Alphabet: flows.LowerHex, Length: 6}))
	require.Regexp(t, `^Ann[XYZ]{4}$`, flows.UniqueName(flows.NameOptions{Prefix: "Ann", Alphabet: "XYZ", Length: 4}))
	seen := map[string]bool{}
	letters := regexp.MustCompile(`^[a-z0-9]+$`)
	for range 1000 {
		n := flows.UniqueName(flows.NameOptions{})
		require.True(t, letters.MatchString(n))
		require.False(t, seen[n], "%s twice", n)
		seen[n] = true
	}
}

// TestSecretIsRegistered: F.Secret returns its value, a secret of the run.
func TestSecretIsRegistered(t *testing.T) {
	var secrets []string
	f := flowstate.NewF(&flowstate.State{T: t, Secret: func(s string) { secrets = append(secrets, s) }}).(*flows.F)
	pw := f.Secret(flows.UniqueName(flows.NameOptions{Prefix: "pw-", Length: 16}))
	require.Regexp(t, `^pw-[a-z0-9]{16}$`, pw)
	require.Equal(t, []string{pw}, secrets)
}
