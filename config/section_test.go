package config

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestSectionKeysReadLikeOurOwn reads the test sections (helpers_test.go): defaults, the file,
// the environment and flags set them; a secret-looking value is masked; mistakes are refused.
func TestSectionKeysReadLikeOurOwn(t *testing.T) {
	require.NoError(t, Register(Section{Name: "myapp", Keys: []SectionKey{{Name: "wait", Default: time.Second}}}), "again: nothing")

	c := mustLoad(t, "", nil)
	require.Equal(t, 2*time.Second, c.Suite("myapp.wait"))
	require.Equal(t, 3, c.Suite("myapp.seed"))
	c = mustLoad(t, "myapp: {seed: 7, api_token: tok-123456}\n", []string{"E2E_MYAPP_WAIT=5s"})
	require.Equal(t, 5*time.Second, c.Suite("myapp.wait"))
	require.Equal(t, 7, c.Suite("myapp.seed"))
	require.Equal(t, "tok-123456", c.SuiteString("myapp.api_token"))
	var buf bytes.Buffer
	require.NoError(t, c.WriteYAML(&buf))
	require.Contains(t, buf.String(), "myapp:\n  wait: 5s\n  seed: 7\n  api_token: '[REDACTED]'\n")
	require.Equal(t, "token [REDACTED]", c.Scrub("token tok-123456"))
	c, err := loadWith(t, "", nil, "--myapp-wait=9s")
	require.NoError(t, err)
	require.Equal(t, 9*time.Second, c.Suite("myapp.wait"))

	ce := loadErr(t, "myapp: {seed: x}\n", nil)
	require.Equal(t, "myapp.seed", ce.Key)
	ce = loadErr(t, "myapp: {sede: 1}\n", nil)
	require.Contains(t, ce.Error(), "myapp.sede")

	require.ErrorContains(t, Register(Section{Name: "run", Keys: []SectionKey{{Name: "workers", Default: 1}}}), "one of e2e's own keys")
	require.ErrorContains(t, Register(Section{Name: "bad", Keys: []SectionKey{{Name: "x", Default: 1.5}}}), "expected a string, bool, int")
}
