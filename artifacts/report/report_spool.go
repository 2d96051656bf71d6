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
// Flows reads them back, in suite order, when the reporters write the run's report. A flow that
// cannot be written (a full or read-only disk) is kept in memory instead, so nothing is lost.
// It is safe for concurrent use.
type FlowSpool struct {
	mu   sync.Mutex
	path string
	file *os.File // nil when the spool could not be created: every flow stays in memory
	end  int64    // where the next line goes; a failed write is overwritten by the next
	at   []spoolEntry
	err  error  // the first error, said once by whoever called Put
	buf  []byte // the line being written, kept between calls
}

// spoolEntry is where flow i is: a line of the file, or in memory.
type spoolEntry struct {
	off, n int64
	mem    *FlowReport
	set    bool
}

// NewFlowSpool returns a spool of n flows (indexed 0 to n-1) writing to path, which it creates
// (truncating a file there). When path cannot be created, the spool keeps the flows in memory and
// Err says why.
func NewFlowSpool(path string, n int) *FlowSpool {
	s := &FlowSpool{path: path, at: make([]spoolEntry, n)}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		s.err = fmt.Errorf("flow spool: %w: the flows' reports are kept in memory", err)
		return s
	}
	s.file = f
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
func (s *FlowSpool) write(i int, f FlowReport) error {
	if s.file == nil {
		return os.ErrClosed
	}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	s.buf = append(append(s.buf[:0], b...), '\n')
	if _, err := s.file.WriteAt(s.buf, s.end); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) { // the path is said once, by Put
			return pe.Err
		}
		return err
	}
	s.at[i] = spoolEntry{off: s.end, n: int64(len(s.buf)), set: true}
	s.end += int64(len(s.buf))
	if cap(s.buf) > 64<<10 { // one large flow's buffer is not kept for the rest of the run
		s.buf = nil
	}
	return nil
}

// Err is the first error the spool met, nil when every flow so far went to disk.
func (s *FlowSpool) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Has reports whether flow i was put.
func (s *FlowSpool) Has(i int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.at[i].set
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
	case s.file == nil:
		return FlowReport{}, true, fmt.Errorf("flow spool %s: read flow %d: %w", s.path, i, os.ErrClosed)
	}
	b := make([]byte, e.n)
	if _, err := s.file.ReadAt(b, e.off); err != nil && err != io.EOF {
		return FlowReport{}, true, fmt.Errorf("flow spool %s: read flow %d: %w", s.path, i, err)
	}
	var f FlowReport
	if err := json.Unmarshal(b, &f); err != nil {
		return FlowReport{}, true, fmt.Errorf("flow spool %s: flow %d: %w", s.path, i, err)
	}
	return f, true, nil
}

// Close closes and removes the spool's file. The flows put can no longer be read.
func (s *FlowSpool) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file == nil {
		return nil
	}
	err := s.file.Close()
	if rmErr := os.Remove(s.path); err == nil && !os.IsNotExist(rmErr) {
		err = rmErr
	}
	s.file = nil
	return err
}
