package artifacts

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// Console levels, from least to most severe.
const (
	LevelDebug = "debug"
	LevelLog   = "log"
	LevelInfo  = "info"
	LevelWarn  = "warn"
	LevelError = "error"
)

// Console sources: where an entry came from.
const (
	SourceConsole   = "console"   // console.* calls (Runtime.consoleAPICalled)
	SourceException = "exception" // uncaught exceptions (Runtime.exceptionThrown)
)

// MaxConsoleEntries is how many entries a ConsoleLog keeps; later ones are counted, not kept.
const MaxConsoleEntries = 10000

// ConsoleEntry is one message of a page's console.
type ConsoleEntry struct {
	// Time is when the message was logged.
	Time time.Time
	// Level is debug, log, info, warn or error.
	Level string
	// Source is "console", "exception", or the browser's source for Log entries ("network",
	// "javascript", "violation", "security", ...).
	Source string
	// Text is the message, formatted as DevTools shows it.
	Text string
	// URL is the script or resource the message points at, if any.
	URL string
	// Line is the 1-based line in URL, 0 when unknown.
	Line int
}

// ConsoleLog collects a page's console messages, uncaught exceptions and browser-side log
// entries. It is safe for concurrent use.
type ConsoleLog struct {
	mu      sync.Mutex
	entries []ConsoleEntry
	dropped int
}

// NewConsoleLog returns an empty log.
func NewConsoleLog() *ConsoleLog { return &ConsoleLog{} }

// Add appends an entry.
func (l *ConsoleLog) Add(e ConsoleEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) >= MaxConsoleEntries {
		l.dropped++
		return
	}
	l.entries = append(l.entries, e)
}

// Entries returns a copy of the entries so far, in arrival order.
func (l *ConsoleLog) Entries() []ConsoleEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]ConsoleEntry(nil), l.entries...)
}

// Len returns the number of entries kept.
func (l *ConsoleLog) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.entries)
}

// ConsoleAPICalled records a console.* call. console.clear and console.groupEnd, which say
// nothing, are skipped.
func (l *ConsoleLog) ConsoleAPICalled(e *proto.RuntimeConsoleAPICalled) {
	if e == nil {
		return
	}
	level := LevelLog
	text := formatConsoleArgs(e.Args)
	switch e.Type {
	case proto.RuntimeConsoleAPICalledTypeClear, proto.RuntimeConsoleAPICalledTypeEndGroup,
		proto.RuntimeConsoleAPICalledTypeProfile, proto.RuntimeConsoleAPICalledTypeProfileEnd:
		return
	case proto.RuntimeConsoleAPICalledTypeDebug:
		level = LevelDebug
	case proto.RuntimeConsoleAPICalledTypeInfo:
		level = LevelInfo
	case proto.RuntimeConsoleAPICalledTypeWarning:
		level = LevelWarn
	case proto.RuntimeConsoleAPICalledTypeError:
		level = LevelError
	case proto.RuntimeConsoleAPICalledTypeAssert:
		level = LevelError
		text = strings.TrimSpace("Assertion failed: " + text)
	case proto.RuntimeConsoleAPICalledTypeTrace:
		text = strings.TrimSpace("console.trace " + text)
	}
	entry := ConsoleEntry{Time: runtimeTime(e.Timestamp), Level: level, Source: SourceConsole, Text: text}
	entry.URL, entry.Line = topFrame(e.StackTrace)
	l.Add(entry)
}

// ExceptionThrown records an uncaught exception with its description (which holds the stack).
func (l *ConsoleLog) ExceptionThrown(e *proto.RuntimeExceptionThrown) {
	if e == nil || e.ExceptionDetails == nil {
		return
	}
	d := e.ExceptionDetails
	text := d.Text
	if d.Exception != nil {
		text = strings.TrimSpace(text + " " + remoteObjectString(d.Exception))
	}
	entry := ConsoleEntry{Time: runtimeTime(e.Timestamp), Level: LevelError, Source: SourceException, Text: text}
	entry.URL, entry.Line = d.URL, d.LineNumber+1
	if u, line := topFrame(d.StackTrace); u != "" {
		entry.URL, entry.Line = u, line
	}
	if entry.URL == "" {
		entry.Line = 0
	}
	l.Add(entry)
}

// EntryAdded records a browser-side log entry (a failed resource load, a violation, a
// deprecation...).
func (l *ConsoleLog) EntryAdded(e *proto.LogEntryAdded) {
	if e == nil || e.Entry == nil {
		return
	}
	le := e.Entry
	level := LevelLog
	switch le.Level {
	case proto.LogLogEntryLevelVerbose:
		level = LevelDebug
	case proto.LogLogEntryLevelInfo:
		level = LevelInfo
	case proto.LogLogEntryLevelWarning:
		level = LevelWarn
	case proto.LogLogEntryLevelError:
		level = LevelError
	}
	text := le.Text
	if len(le.Args) > 0 {
		var rest []*proto.RuntimeRemoteObject
		text, rest = substitute(text, le.Args)
		for _, a := range rest {
			text = strings.TrimSpace(text + " " + remoteObjectString(a))
		}
	}
	entry := ConsoleEntry{Time: runtimeTime(le.Timestamp), Level: level, Source: string(le.Source), Text: text, URL: le.URL}
	if le.LineNumber != nil && le.URL != "" {
		entry.Line = *le.LineNumber + 1
	}
	if entry.URL == "" {
		entry.URL, entry.Line = topFrame(le.StackTrace)
	}
	l.Add(entry)
}

// runtimeTime converts a Runtime.Timestamp (milliseconds since the epoch).
func runtimeTime(ts proto.RuntimeTimestamp) time.Time {
	if ts <= 0 {
		return time.Now()
	}
	ms := math.Floor(float64(ts))
	frac := math.Round((float64(ts) - ms) * 1000) // microseconds
	return time.UnixMilli(int64(ms)).Add(time.Duration(frac) * time.Microsecond)
}

// topFrame returns the URL and 1-based line of the innermost frame of a stack.
func topFrame(st *proto.RuntimeStackTrace) (string, int) {
	if st == nil || len(st.CallFrames) == 0 || st.CallFrames[0] == nil {
		return "", 0
	}
	f := st.CallFrames[0]
	if f.URL == "" {
		return "", 0
	}
	return f.URL, f.LineNumber + 1
}

// WriteText writes the log as console.log holds it: one line per entry with an RFC 3339
// millisecond UTC timestamp, the level, the source when it is not a console call, the text
// (newlines escaped) and the location. r scrubs secrets from texts and URLs; nil keeps them.
func (l *ConsoleLog) WriteText(w io.Writer, r *redact.Redactor) error {
	l.mu.Lock()
	entries := append([]ConsoleEntry(nil), l.entries...)
	dropped := l.dropped
	l.mu.Unlock()

	var b strings.Builder
	for _, e := range entries {
		b.Reset()
		b.WriteString(e.Time.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
		b.WriteByte(' ')
		fmt.Fprintf(&b, "%-5s ", e.Level)
		if e.Source != "" && e.Source != SourceConsole {
			b.WriteString("[" + e.Source + "] ")
		}
		b.WriteString(oneLine(r.Text(e.Text)))
		if e.URL != "" {
			b.WriteString(" (" + r.URL(e.URL))
			if e.Line > 0 {
				b.WriteString(":" + strconv.Itoa(e.Line))
			}
			b.WriteByte(')')
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(w, b.String()); err != nil {
			return fmt.Errorf("write console log: %w", err)
		}
	}
	if dropped > 0 {
		if _, err := fmt.Fprintf(w, "... %d more entries not kept (limit %d)\n", dropped, MaxConsoleEntries); err != nil {
			return fmt.Errorf("write console log: %w", err)
		}
	}
	return nil
}

// oneLine escapes line breaks so that an entry stays on one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\r`).Replace(s)
}
