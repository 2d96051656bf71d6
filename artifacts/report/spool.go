package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// SpoolFile is the name of a run's flow spool inside its artifacts folder: the finished flows'
// reports, one JSON line each, until the run's reports are written.
const SpoolFile = ".e2e-flows.jsonl"

// FlowSpool holds a run's finished flows on disk, so that a long run's memory does not grow with
// every flow's attempts and steps: Put writes a flow as one JSON line and keeps only where it is;
// Flow reads it back when the reporters write the run's report. A flow that cannot be written (a
// full or read-only disk) is kept in memory instead, so nothing is lost. The file is open for
// writing only while a flow is written, so that it never keeps its disk from being remounted
// read-only. It is safe for concurrent use.
type FlowSpool struct {
	mu     sync.Mutex
	path   string
	end    int64 // where the next line goes; a failed write is overwritten by the next
	at     []spoolEntry
	err    error    // the first error, said once by whoever called Put
	buf    []byte   // the line being written, kept between calls
	reader *os.File // opened by the first Flow that reads the file
	closed bool
}

// spoolEntry is where flow i is: a line of the file, or in memory.
type spoolEntry struct {
	off, n int64
	mem    *FlowReport
	set    bool
}

// NewFlowSpool returns a spool of n flows (indexed 0 to n-1) writing to path, which it creates
// (truncating a file there). When path cannot be created, the flows that cannot be written are
// kept in memory and Err says why.
func NewFlowSpool(path string, n int) *FlowSpool {
	s := &FlowSpool{path: path, at: make([]spoolEntry, n)}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		s.err = fmt.Errorf("flow spool: %w: the flows' reports are kept in memory", err)
	}
	return s
}

// Put keeps flow i. It returns an error, once, the first time a flow could not be written to
// disk (that flow and the next ones that cannot be are kept in memory); later failures return
// nil. A partly written line is overwritten by the next flow's.
func (s *FlowSpool) Put(i int, f FlowReport) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.write(i, f)
	if err == nil {
		return nil
	}
	s.at[i] = spoolEntry{mem: &f, set: true}
	if s.err != nil {
		return nil
	}
	s.err = fmt.Errorf("flow spool %s: %w: the flows' reports are kept in memory", s.path, err)
	return s.err
}

// write writes flow i as a line at the end of the file.
func (s *FlowSpool) write(i int, f FlowReport) (err error) {
	if s.closed {
		return os.ErrClosed
	}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	s.buf = append(append(s.buf[:0], b...), '\n')
	if cap(s.buf) > 64<<10 { // one large flow's buffer is not kept for the rest of the run
		defer func() { s.buf = nil }()
	}
	file, err := os.OpenFile(s.path, os.O_WRONLY, 0)
	if err != nil {
		return bare(err)
	}
	_, err = file.WriteAt(s.buf, s.end)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return bare(err)
	}
	s.at[i] = spoolEntry{off: s.end, n: int64(len(s.buf)), set: true}
	s.end += int64(len(s.buf))
	return nil
}

// bare returns the cause of an error about the spool's file, whose path Put says once.
func bare(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Err is the first error the spool met, nil when every flow so far went to disk.
func (s *FlowSpool) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Flow returns flow i as it was put, and true; the zero FlowReport and false when it was not.
func (s *FlowSpool) Flow(i int) (FlowReport, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.at[i]
	switch {
	case !e.set:
		return FlowReport{}, false, nil
	case e.mem != nil:
		return *e.mem, true, nil
	case s.closed:
		return FlowReport{}, true, fmt.Errorf("flow spool %s: read flow %d: %w", s.path, i, os.ErrClosed)
	}
	if s.reader == nil {
		r, err := os.Open(s.path)
		if err != nil {
			return FlowReport{}, true, fmt.Errorf("flow spool: read flow %d: %w", i, err)
		}
		s.reader = r
	}
	b := make([]byte, e.n)
	if _, err := s.reader.ReadAt(b, e.off); err != nil && !(errors.Is(err, io.EOF) && b[len(b)-1] == '\n') {
		return FlowReport{}, true, fmt.Errorf("flow spool %s: read flow %d: %w", s.path, i, err)
	}
	var f FlowReport
	if err := json.Unmarshal(b, &f); err != nil {
		return FlowReport{}, true, fmt.Errorf("flow spool %s: flow %d: %w", s.path, i, err)
	}
	return f, true, nil
}

// Close removes the spool's file. The flows put on disk can no longer be read.
func (s *FlowSpool) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	var err error
	if s.reader != nil {
		err = s.reader.Close()
	}
	if rmErr := os.Remove(s.path); err == nil && rmErr != nil && !os.IsNotExist(rmErr) {
		err = rmErr
	}
	return err
}
