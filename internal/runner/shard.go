package runner

import (
	"fmt"

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

// Plan returns the ids of the flows a run of fs would run, repeated repeat times and cut to
// shard, in suite order: what --list shows.
func Plan(fs []flows.Flow, repeat int, shard Shard) []string {
	jobs := planJobs(fs, max(repeat, 1), shard)
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = j.id
	}
	return ids
}
