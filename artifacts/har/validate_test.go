package har

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestHAROutputIsValidHAR12 runs har-validator on the HAR of every recorded scenario, with and
// without redaction, and on a hand-built HAR with every optional part.
func TestHAROutputIsValidHAR12(t *testing.T) {
	dir := t.TempDir()
	var files []string
	write := func(name string, h *HAR) {
		data := requireValidHAR(t, h)
		p := filepath.Join(dir, name+".har")
		require.NoError(t, artifacts.WriteFileAtomic(p, data))
		files = append(files, p)
	}
	for _, name := range recordingNames {
		events := loadRecording(t, name).Events
		write(name, replayHAR(t, Options{MaxBody: 64 << 10, Redactor: flowRedactor()}, events))
		write(name+"-raw", replayHAR(t, Options{MaxBody: 1 << 20}, events))
		write(name+"-pending", replayHAR(t, Options{MaxBody: 1 << 20}, events[:len(events)/2]))
	}
	b := NewBuilder(Options{Creator: "e2e-test", CreatorVersion: "1.0"})
	write("empty", b.HAR())

	out, ok := testenv.ValidateHAR(t, files...)
	require.True(t, ok, "%s", out)

	// And the validator does reject a broken HAR.
	bad := filepath.Join(dir, "bad.har")
	require.NoError(t, os.WriteFile(bad, []byte(`{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[{"startedDateTime":"now"}]}}`), 0o644))
	out, ok = testenv.ValidateHAR(t, bad)
	require.False(t, ok)
	require.Contains(t, out, "not valid HAR 1.2")
}
