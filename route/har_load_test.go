package route

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// writeHAR writes a HAR of n GET entries (each answering its own URL) into dir, with extra
// entries after them, and returns its path.
func writeHAR(t testing.TB, dir string, n int, extra ...map[string]any) string {
	t.Helper()
	entries := make([]any, 0, n+len(extra))
	for i := range n {
		entries = append(entries, map[string]any{
			"request":  map[string]any{"method": "GET", "url": fmt.Sprintf("http://h/api/items/%d", i)},
			"response": map[string]any{"status": 200, "content": map[string]any{"text": fmt.Sprintf(`{"id":%d}`, i)}},
		})
	}
	for _, e := range extra {
		entries = append(entries, e)
	}
	data, err := json.Marshal(map[string]any{"log": map[string]any{"entries": entries}})
	require.NoError(t, err)
	path := filepath.Join(dir, "api.har")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// TestHARIsReadOncePerRun: a route to a 10,000-entry HAR re-read the file for every flow (7
// flows: 16.2 s against 8.7 s); now the run reads it once, and each flow's replay keeps its own
// count of what it served.
func TestHARIsReadOncePerRun(t *testing.T) {
	path := writeHAR(t, t.TempDir(), 10_000)
	before := harReads.Load()
	var replays []*harReplay
	for range 7 { // config.Load's check, then one router per flow
		h, err := HAR{File: path}.prepare()
		require.NoError(t, err)
		replays = append(replays, h.(*harReplay))
	}
	require.Equal(t, int64(1), harReads.Load()-before, "read once")
	for _, rp := range replays {
		require.Equal(t, 200, rp.lookup("GET", "http://h/api/items/9999", nil).status, "each replay serves from the start")
	}

	// A file rewritten (an update run, an edit) is read again.
	later := time.Now().Add(time.Second)
	writeHAR(t, filepath.Dir(path), 3)
	require.NoError(t, os.Chtimes(path, later, later))
	h, err := HAR{File: path}.prepare()
	require.NoError(t, err)
	require.Equal(t, int64(2), harReads.Load()-before)
	require.Nil(t, h.(*harReplay).lookup("GET", "http://h/api/items/9999", nil))
}

// TestHARBodyFileStaysInItsFolder: an entry's _file (Playwright's content: attach) of
// ../../../../etc/hostname was read from outside the HAR's folder.
func TestHARBodyFileStaysInItsFolder(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "body.json"), []byte(`{"ok":true}`), 0o644))
	require.NoError(t, os.Symlink("/etc/hostname", filepath.Join(dir, "link.txt")))
	entry := func(file string) map[string]any {
		return map[string]any{
			"request":  map[string]any{"method": "GET", "url": "http://h/x"},
			"response": map[string]any{"status": 200, "content": map[string]any{"_file": file}},
		}
	}
	path := writeHAR(t, dir, 0, entry("body.json"))
	h, err := HAR{File: path}.prepare()
	require.NoError(t, err)
	require.Equal(t, `{"ok":true}`, string(h.(*harReplay).lookup("GET", "http://h/x", nil).body))

	for _, file := range []string{"../../../../etc/hostname", "/etc/hostname", "link.txt"} {
		path := writeHAR(t, t.TempDir(), 2, entry(file))
		if file == "link.txt" {
			path = writeHAR(t, dir, 2, entry(file))
		}
		_, err := HAR{File: path}.prepare()
		require.EqualError(t, err, fmt.Sprintf("har %s: entry 3: _file %q is outside the HAR's folder: keep the bodies beside the HAR file", path, file))
	}
}

// TestHARAndBodyFilesMustBeRegularFiles: a HAR (or a fulfil body) of /dev/zero was read
// forever.
func TestHARAndBodyFilesMustBeRegularFiles(t *testing.T) {
	done := make(chan error, 2)
	go func() {
		_, err := HAR{File: "/dev/zero"}.prepare()
		done <- err
	}()
	go func() {
		_, err := Fulfil{File: "/dev/zero"}.prepare()
		done <- err
	}()
	for range 2 {
		select {
		case err := <-done:
			require.Error(t, err)
			require.True(t, strings.Contains(err.Error(), "/dev/zero: not a regular file"), err.Error())
		case <-time.After(10 * time.Second):
			t.Fatal("reading /dev/zero did not end")
		}
	}
}
