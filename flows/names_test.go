package flows_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/flows"
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

// TestNewSecretIsRegistered: the value is a unique name of the options, and a secret of the run.
func TestNewSecretIsRegistered(t *testing.T) {
	var secrets []string
	f := flows.NewF(t.Context(), t, nil, nil, nil, nil, func(s string) { secrets = append(secrets, s) }, nil)
	pw := f.NewSecret(flows.NameOptions{Prefix: "pw-", Length: 16})
	require.Regexp(t, `^pw-[a-z0-9]{16}$`, pw)
	require.Equal(t, []string{pw}, secrets)
}
