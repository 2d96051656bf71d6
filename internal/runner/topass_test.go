package runner_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/runner"
)

// short bounds the blocks of the flows below: a failing one ends in about 0.6s.
var short = flows.ToPassOptions{Timeout: 600 * time.Millisecond, Intervals: []time.Duration{50 * time.Millisecond}}

// TestToPassAndPoll runs retrying blocks that pass on a later try, that never pass, that fail
// through require and panics, and polls with every matcher: a passing block fails nothing and
// its discarded tries read "retried" in steps.log; a failing one fails the flow once, with its
// last try's failure and the tries count, and stops it.
func TestToPassAndPoll(t *testing.T) {
	counter := func() func() int { n := 0; return func() int { n++; return n } }
	var mu sync.Mutex
	var after []string // the flows that went on after their block
	done := func(f *flows.F) { mu.Lock(); after = append(after, f.Get("name")); mu.Unlock() }
	flow := func(name string, run func(f *flows.F)) flows.Flow {
		return flows.Flow{Name: name, NoBrowser: true, Run: func(f *flows.F) { f.Set("name", name); run(f); done(f) }}
	}
	fs := []flows.Flow{
		flow("third try", func(f *flows.F) {
			next := counter()
			f.ToPass(func() { assert.Equal(f, 3, next(), "rows") }, short)
		}),
		flow("never", func(f *flows.F) {
			next := counter()
			f.ToPass(func() { assert.Equal(f, 0, next(), "rows") }, short)
		}),
		flow("require", func(f *flows.F) {
			next := counter()
			f.ToPass(func() {
				require.Equal(f, 3, next(), "rows")
				f.Set("after require", "reached")
			}, short)
			require.Equal(f, "reached", f.Get("after require"))
		}),
		flow("require never", func(f *flows.F) {
			f.ToPass(func() { require.Fail(f, "not yet") }, short)
		}),
		flow("panic", func(f *flows.F) {
			next := counter()
			f.ToPass(func() {
				if next() < 3 {
					panic("not ready")
				}
			}, short)
		}),
		flow("panic never", func(f *flows.F) {
			f.ToPass(func() { panic("never ready") }, short)
		}),
		flow("poll equal", func(f *flows.F) {
			next := counter()
			f.Poll(func() any { return int64(next()) }, short).ToEqual(3)
		}),
		flow("poll equal never", func(f *flows.F) {
			f.Poll(func() any { return 2 }, short).ToEqual(3)
		}),
		flow("poll greater", func(f *flows.F) {
			next := counter()
			f.Poll(func() any { return uint8(next()) }, short).ToBeGreaterThan(2.5)
		}),
		flow("poll contain", func(f *flows.F) {
			next := counter()
			f.Poll(func() any { return strings.Repeat("ab", next()) + "!" }, short).ToContain("abab!")
			f.Poll(func() any { return make([]int, next()) }, short).ToContain(0)
		}),
		flow("poll failing call", func(f *flows.F) {
			f.Poll(func() any { f.Errorf("query failed"); return 1 }, short).ToBeGreaterThan(0)
		}),
	}
	rep, dir := runSuite(t, fs, nil, func(o *runner.Options) { o.ArtifactsMode = artifacts.ModeOn })
	byName := map[string]report.FlowReport{}
	for _, fr := range rep.Flows {
		byName[fr.Name] = fr
	}
	stepsLog := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, byName[name].Attempts[0].Artifacts["steps"]))
		require.NoError(t, err)
		return string(b)
	}
	for _, name := range []string{"third try", "require", "panic", "poll equal", "poll greater", "poll contain"} {
		fr := byName[name]
		require.Equal(t, report.StatusPassed, fr.Status, "flow %q: %+v", name, fr.Attempts[0].Failure)
		log := stepsLog(name)
		require.NotContains(t, log, " FAIL ", "flow %q: a discarded try fails nothing:\n%s", name, log)
		require.Contains(t, after, name, "flow %q went on", name)
	}
	for _, name := range []string{"third try", "require", "panic"} {
		log := stepsLog(name)
		require.Regexp(t, `ok\s+to pass \(3 tries\)`, log)
		require.Equal(t, 2, strings.Count(log, "failed, retrying: "), "a note for each discarded try:\n%s", log)
	}
	require.Contains(t, stepsLog("third try"), "try 2 failed, retrying: rows: expected 3, found 2")
	require.Regexp(t, `ok\s+poll: to equal 3 \(3 tries\)`, stepsLog("poll equal"))

	failing := map[string]string{
		"never":             `^to pass within 600ms \((\d+) tries\): rows: expected 0, found (\d+)$`,
		"require never":     `^to pass within 600ms \((\d+) tries\): not yet$`,
		"panic never":       `^to pass within 600ms \((\d+) tries\): panic: never ready$`,
		"poll equal never":  `^expected poll to equal 3, last value 2 \(polled 600ms, (\d+) tries\)$`,
		"poll failing call": `^expected poll to be greater than 0 \(polled 600ms, (\d+) tries\), the last try failed: query failed$`,
	}
	for name, pattern := range failing {
		fr := byName[name]
		require.Equal(t, report.StatusFailed, fr.Status, "flow %q", name)
		fail := fr.Attempts[0].Failure
		require.Empty(t, fail.More, "flow %q: only the last try's failure: %+v", name, fail)
		m := regexp.MustCompile(pattern).FindStringSubmatch(fail.Message)
		require.NotNil(t, m, "flow %q: %q does not match %s", name, fail.Message, pattern)
		require.GreaterOrEqual(t, len(m[1]), 1)
		require.NotContains(t, after, name, "flow %q stopped at its block", name)
		log := stepsLog(name)
		require.Equal(t, 1, strings.Count(log, " FAIL "), "flow %q: one FAIL line, the block's:\n%s", name, log)
		require.Regexp(t, `FAIL\s+(to pass|poll: .*) \(`+m[1]+` tries\)`, log)
		if name == "never" {
			require.Equal(t, m[1], m[2], "the last try's failure")
		}
	}
}

// TestToPassEndsWithTheFlow: a block that would retry for a minute ends when the flow times
// out, saying so in the flow's failure details.
func TestToPassEndsWithTheFlow(t *testing.T) {
	fs := []flows.Flow{{Name: "long", NoBrowser: true, Run: func(f *flows.F) {
		f.ToPass(func() { f.Errorf("not yet") }, flows.ToPassOptions{Timeout: time.Minute})
	}}, {Name: "long poll", NoBrowser: true, Run: func(f *flows.F) {
		f.Poll(func() any { return 1 }, flows.ToPassOptions{Timeout: time.Minute}).ToEqual(2)
	}}}
	start := time.Now()
	rep, _ := runSuite(t, fs, nil, func(o *runner.Options) { o.FlowTimeout = time.Second })
	require.Less(t, time.Since(start), 30*time.Second)
	require.Len(t, rep.Flows, 2)
	for _, fr := range rep.Flows {
		fail := fr.Attempts[0].Failure
		require.Equal(t, report.StatusFailed, fr.Status)
		require.Equal(t, "flow timed out after 1s", fail.Message)
		require.Contains(t, fail.Details, "the flow timed out (context deadline exceeded)", fail.Details)
	}
}
