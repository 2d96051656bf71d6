package har

import (
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
)

// TestConsoleFromRecordedEvents lives beside the HAR replayer that feeds it the recorded events.
func TestConsoleFromRecordedEvents(t *testing.T) {
	rec := loadRecording(t, "form_post")
	rp := newReplayer(t, NewBuilder(Options{}))
	rp.feed(rec.Events)
	entries := rp.console.Entries()

	find := func(substr string) artifacts.ConsoleEntry {
		t.Helper()
		for _, e := range entries {
			if strings.Contains(e.Text, substr) {
				return e
			}
		}
		t.Fatalf("no console entry with %q in %+v", substr, entries)
		return artifacts.ConsoleEntry{}
	}
	log := find("logged in as")
	require.Equal(t, "logged in as alice {user: 'alice', n: 1}", log.Text)
	require.Equal(t, artifacts.LevelLog, log.Level)
	require.Equal(t, artifacts.SourceConsole, log.Source)
	require.True(t, strings.HasSuffix(log.URL, "/login"))
	require.Equal(t, 3, log.Line)

	exc := find("boom-uncaught")
	require.Equal(t, artifacts.LevelError, exc.Level)
	require.Equal(t, artifacts.SourceException, exc.Source)
	require.True(t, strings.HasPrefix(exc.Text, "Uncaught Error: boom-uncaught\n    at "), exc.Text)
	require.Equal(t, 7, exc.Line)

	net := find("status of 500")
	require.Equal(t, artifacts.LevelError, net.Level)
	require.Equal(t, "network", net.Source)
	require.True(t, strings.HasSuffix(net.URL, "/api/fail"))

	dom := find("autocomplete")
	require.Equal(t, artifacts.LevelDebug, dom.Level)
	require.True(t, strings.HasSuffix(dom.Text, "(More info: https://goo.gl/9p2vKq) input#password"), dom.Text)
	// Times come from the events' own timestamps (milliseconds since the epoch).
	for _, e := range rec.Events {
		if e.Method == "Log.entryAdded" && strings.Contains(string(e.Params), "autocomplete") {
			le := decodeParams[proto.LogEntryAdded](t, e.Params)
			require.Equal(t, time.UnixMilli(int64(le.Entry.Timestamp)), dom.Time.Truncate(time.Millisecond))
		}
	}
}
