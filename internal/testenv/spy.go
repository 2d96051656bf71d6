package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// SpyBrowser is a browser binary that starts no browser: each time something runs it, it
// records that in a file and fails. Give it as the browser binary of a run that must start no
// browser process, then check Started.
type SpyBrowser struct {
	// Bin is the binary's path.
	Bin    string
	marker string
}

// NewSpyBrowser writes a SpyBrowser into a temporary folder of t.
func NewSpyBrowser(t testing.TB) *SpyBrowser {
	t.Helper()
	dir := t.TempDir()
	s := &SpyBrowser{Bin: filepath.Join(dir, "chromium"), marker: filepath.Join(dir, "started")}
	script := "#!/bin/sh\necho \"$@\" >> '" + s.marker + "'\nexit 1\n"
	if err := os.WriteFile(s.Bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return s
}

// Started says whether anything ran the binary, and with which arguments.
func (s *SpyBrowser) Started() (bool, string) {
	b, err := os.ReadFile(s.marker)
	return err == nil, string(b)
}
