package appserver

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// tailLines is how many of a server's last output lines a start failure quotes.
const tailLines = 12

// logSink copies a server's output, line by line and redacted, to its log files, and keeps
// the last lines for messages.
type logSink struct {
	mu     sync.Mutex
	files  []*os.File
	tail   []string
	redact func(string) string
	done   chan struct{} // closed when the copy from the pipe ends
}

// newLogSink creates (truncating) the log files at paths.
func newLogSink(redact func(string) string, paths ...string) (*logSink, error) {
	if redact == nil {
		redact = func(s string) string { return s }
	}
	s := &logSink{redact: redact, done: make(chan struct{})}
	for _, p := range paths {
		if p == "" {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			s.close()
			return nil, err
		}
		f, err := os.Create(p)
		if err != nil {
			s.close()
			return nil, err
		}
		s.files = append(s.files, f)
	}
	return s, nil
}

// copyFrom reads r to its end in the background.
func (s *logSink) copyFrom(r io.ReadCloser) {
	go func() {
		defer close(s.done)
		defer r.Close()
		br := bufio.NewReaderSize(r, 64<<10)
		for {
			line, err := br.ReadString('\n')
			if line != "" {
				s.line(strings.TrimRight(line, "\r\n"))
			}
			if err != nil {
				return
			}
		}
	}()
}

// line records one line of output.
func (s *logSink) line(l string) {
	l = s.redact(l)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.files {
		_, _ = f.WriteString(l + "\n")
	}
	s.tail = append(s.tail, l)
	if len(s.tail) > tailLines {
		s.tail = s.tail[len(s.tail)-tailLines:]
	}
}

// note writes a line of e2e's own into the log (not the tail).
func (s *logSink) note(l string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.files {
		_, _ = f.WriteString("[e2e] " + s.redact(l) + "\n")
	}
}

// lastLines returns the last lines of output, indented for a message, or "(no output)".
func (s *logSink) lastLines() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.tail) == 0 {
		return "  (no output)"
	}
	return "  " + strings.Join(s.tail, "\n  ")
}

func (s *logSink) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.files {
		_ = f.Close()
	}
	s.files = nil
}
