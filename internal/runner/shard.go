package runner

import (
	"fmt"

	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
)

// Shard is one part of a suite split n ways: --shard i/n.
type Shard struct {
	Index int // from 1
	Total int // 0: no sharding
}

// String is "i/n", or "" for no sharding.
func (s Shard) String() string {
	if s.Total == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Total)
}

// Select returns this shard's jobs: the suite, in order, cut into Total contiguous parts whose
// sizes differ by at most one. The shards of one suite together hold every job exactly once.
func (s Shard) Select(jobs []job) []job {
	n := len(jobs)
	from := (s.Index - 1) * n / s.Total
	to := s.Index * n / s.Total
	return jobs[from:to]
}

// Planned is a flow as a run would run it: one repetition of it, in one project.
type Planned struct {
	// ID names it in the reports: "[mobile] login#1".
	ID string
	// Name is the flow's name.
	Name string
	// Project is its project's name, "" when the run has none.
	Project string
}

// Plan returns the flows a run of fs would run, in each project, repeated repeat times, those
// named in only when it names any (Options.Only), and cut to shard, in suite order: what --list
// shows.
func Plan(fs []flows.Flow, projects []config.Project, repeat int, shard Shard, only ...string) []Planned {
	jobs := planJobs(fs, projects, max(repeat, 1), shard, only...)
	out := make([]Planned, len(jobs))
	for i, j := range jobs {
		out[i] = Planned{ID: j.id, Name: j.flow.Name, Project: j.projectName()}
	}
	return out
}
