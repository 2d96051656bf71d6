package artifacts

import "slices"

// DefaultDir is the default of artifacts.dir, where a run's evidence and reports go.
const DefaultDir = "test-results"

// Mode says when an attempt's evidence is kept: artifacts.mode for the evidence of a flow
// (screenshot, HAR, DOM, console, step log), artifacts.trace for its trace.
type Mode string

// The modes.
const (
	ModeRetainOnFailure Mode = "retain-on-failure" // record every attempt, keep the failed ones'
	ModeOn              Mode = "on"                // record and keep every attempt's
	ModeOff             Mode = "off"               // record nothing
)

// Modes lists the modes, in the order messages and help show them.
var Modes = []Mode{ModeRetainOnFailure, ModeOn, ModeOff}

// Valid reports whether m is one of Modes.
func (m Mode) Valid() bool { return slices.Contains(Modes, m) }

// Records reports whether an attempt records anything under m.
func (m Mode) Records() bool { return m == ModeOn || m == ModeRetainOnFailure }

// Keeps reports whether an attempt's record is kept under m, given whether it failed.
func (m Mode) Keeps(failed bool) bool { return m == ModeOn || (m == ModeRetainOnFailure && failed) }
