package artifacts

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// harValidator returns the command that validates HAR files with the npm package har-validator
// (tools/har-validate). Without node or its node_modules the test fails under CI=true and is
// skipped otherwise.
func harValidator(t *testing.T) (node, script string) {
	t.Helper()
	const hint = "HAR validation needs node and `npm ci --prefix tools/har-validate`"
	dir, err := filepath.Abs(filepath.Join("..", "tools", "har-validate"))
	require.NoError(t, err)
	node, err = exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "node_modules", "har-validator", "package.json"))
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: %v", hint, err)
		}
		t.Skipf("%s: %v", hint, err)
	}
	return node, filepath.Join(dir, "validate.js")
}

// TestHAROutputIsValidHAR12 runs har-validator on the HAR of every recorded scenario, with and
// without redaction, and on a hand-built HAR with every optional part.
func TestHAROutputIsValidHAR12(t *testing.T) {
	node, script := harValidator(t)
	dir := t.TempDir()
	var files []string
	write := func(name string, h *HAR) {
		data := requireValidHAR(t, h)
		p := filepath.Join(dir, name+".har")
		require.NoError(t, WriteFileAtomic(p, data))
		files = append(files, p)
	}
	for _, name := range recordingNames {
		events := loadRecording(t, name).Events
		write(name, replayHAR(t, HAROptions{MaxBody: 64 << 10, Redactor: flowRedactor()}, events))
		write(name+"-raw", replayHAR(t, HAROptions{MaxBody: 1 << 20}, events))
		write(name+"-pending", replayHAR(t, HAROptions{MaxBody: 1 << 20}, events[:len(events)/2]))
	}
	b := NewHARBuilder(HAROptions{Creator: "e2e-test", CreatorVersion: "1.0"})
	write("empty", b.HAR())

	out, err := exec.Command(node, append([]string{script}, files...)...).CombinedOutput()
	require.NoError(t, err, "%s", out)

	// And the validator does reject a broken HAR.
	bad := filepath.Join(dir, "bad.har")
	require.NoError(t, os.WriteFile(bad, []byte(`{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[{"startedDateTime":"now"}]}}`), 0o644))
	out, err = exec.Command(node, script, bad).CombinedOutput()
	require.Error(t, err)
	require.Contains(t, string(out), "not valid HAR 1.2")
}
