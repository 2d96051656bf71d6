package bench

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows/shopsuite"
)

// BenchmarkRecordingOverhead times the seven flows, one worker, with recording as every run
// does it (artifacts.mode retain-on-failure: HAR and console recorded, thrown away on a pass)
// and without any recording (artifacts.mode off), alternating which goes first. Each iteration
// is one run of each, browser launch included, so run it with a count of iterations:
//
//	go test -run '^$' -bench RecordingOverhead -benchtime 10x ./bench
//
// It reports the median wall time of each and the overhead of recording in percent.
func BenchmarkRecordingOverhead(b *testing.B) {
	h := newHarness(b)
	// The audit off in both: it records whatever artifacts.mode says (BenchmarkAuditOverhead).
	on, off := alternate(b,
		func() time.Duration {
			return h.run(b, "", func(o *runner.Options) { o.ArtifactsMode, o.Env.Audit = artifacts.ModeRetainOnFailure, nil })
		},
		func() time.Duration {
			return h.run(b, "", func(o *runner.Options) { o.ArtifactsMode, o.Env.Audit = artifacts.ModeOff, nil })
		})
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(on).Seconds(), "s-recording/suite")
	b.ReportMetric(median(off).Seconds(), "s-no-recording/suite")
	b.ReportMetric(100*(median(on).Seconds()/median(off).Seconds()-1), "%-overhead")
}

// BenchmarkAuditOverhead times the seven flows, one worker, as every run does them (recording,
// and the audit: page timings observed in the browser, the passive security rules over each
// attempt's HAR and page, the budgets) and with audit.enabled off, alternating which goes
// first:
//
//	go test -run '^$' -bench AuditOverhead -benchtime 10x ./bench
//
// It reports the median wall time of each and the overhead of the audit in percent.
func BenchmarkAuditOverhead(b *testing.B) {
	h := newHarness(b)
	require.NotNil(b, runner.AuditOptionsFor(h.cfg), "audit.enabled is on by default")
	on, off := alternate(b,
		func() time.Duration { return h.run(b, "", func(*runner.Options) {}) },
		func() time.Duration { return h.run(b, "", func(o *runner.Options) { o.Env.Audit = nil }) })
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(on).Seconds(), "s-audit/suite")
	b.ReportMetric(median(off).Seconds(), "s-no-audit/suite")
	b.ReportMetric(100*(median(on).Seconds()/median(off).Seconds()-1), "%-overhead")
}

// BenchmarkA11yOverhead times the seven flows at two workers with the a11y audit at warn (axe-core
// on every new page state, audit.a11y.level: warn) and without it (off, the default),
// alternating which goes first:
//
//	go test -run '^$' -bench A11yOverhead -benchtime 10x ./bench
//
// It reports the median wall time of each and the overhead of the a11y audit in percent.
func BenchmarkA11yOverhead(b *testing.B) {
	h := newHarness(b)
	warn := *h.cfg
	warn.Audit.A11y.Level = "warn"
	on, off := alternate(b,
		func() time.Duration {
			return h.run(b, "", func(o *runner.Options) { o.Workers, o.Env.Audit = 2, runner.AuditOptionsFor(&warn) })
		},
		func() time.Duration { return h.run(b, "", func(o *runner.Options) { o.Workers = 2 }) })
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(on).Seconds(), "s-a11y/suite")
	b.ReportMetric(median(off).Seconds(), "s-no-a11y/suite")
	b.ReportMetric(100*(median(on).Seconds()/median(off).Seconds()-1), "%-overhead")
}

// BenchmarkSlowMotion times the login flow (a sign-up form, then a wrong password and a good
// one) without slow motion and with --slowmo 100ms, alternating:
//
//	go test -run '^$' -bench SlowMotion -benchtime 5x ./bench
//
// It reports the median wall time of each and how much longer slow motion made the flow.
func BenchmarkSlowMotion(b *testing.B) {
	h := newHarness(b)
	const slow = 100 * time.Millisecond
	login := func(delay time.Duration) func() time.Duration {
		return func() time.Duration {
			return h.run(b, "^login$", func(o *runner.Options) { o.Browser.SlowMotion = delay })
		}
	}
	fast, slowed := alternate(b, login(0), login(slow))
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(fast).Seconds(), "s-no-slowmo/flow")
	b.ReportMetric(median(slowed).Seconds(), "s-slowmo-100ms/flow")
	b.ReportMetric((median(slowed) - median(fast)).Seconds(), "s-added/flow")
}

// BenchmarkSessionReuse times the seven flows as the shop's suite has them (each flow signs up
// and in itself) against shopsuite.SuiteReusingSessions (profile and the two favourite flows start
// from a session each worker signed in to once), alternating, on one worker and on two:
//
//	go test -run '^$' -bench SessionReuse -benchtime 8x ./bench
//
// It reports the median wall time of each and the time reuse saved.
func BenchmarkSessionReuse(b *testing.B) {
	h := newHarness(b)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			suite := func(reuse bool) func() time.Duration {
				return func() time.Duration {
					return h.run(b, "", func(o *runner.Options) {
						o.Workers = workers
						if reuse {
							o.Flows = shopsuite.SuiteReusingSessions().Flows
						}
					})
				}
			}
			fresh, reused := alternate(b, suite(false), suite(true))
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(median(fresh).Seconds(), "s-sign-in-each/suite")
			b.ReportMetric(median(reused).Seconds(), "s-reuse/suite")
			b.ReportMetric(100*(1-median(reused).Seconds()/median(fresh).Seconds()), "%-saved")
		})
	}
}

// alternate runs x and y b.N times each, the one that goes first alternating, so that drift in
// the machine's load hits both alike, and returns their timings.
func alternate(b *testing.B, x, y func() time.Duration) (xs, ys []time.Duration) {
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			xs = append(xs, x())
			ys = append(ys, y())
		} else {
			ys = append(ys, y())
			xs = append(xs, x())
		}
	}
	return xs, ys
}

// harness is the built-in shop and the default configuration, shared by a benchmark's runs.
type harness struct {
	cfg *config.Config
	app *runner.App
}

func newHarness(b *testing.B) *harness {
	b.Helper()
	require.NoError(b, runner.Register(shopsuite.Suite()))
	cfg, err := config.Load(config.LoadOptions{Env: []string{}, Dir: b.TempDir()})
	require.NoError(b, err)
	app, err := runner.StartApp(context.Background(), cfg, shopsuite.Suite())
	require.NoError(b, err)
	b.Cleanup(app.Close)
	return &harness{cfg: cfg, app: app}
}

// run runs the flows matching grep ("" for all) with one worker (unless adjust says otherwise) and returns the wall time of
// the whole run, browser launch and shutdown included. Every flow must pass.
func (h *harness) run(b *testing.B, grep string, adjust func(*runner.Options)) time.Duration {
	b.Helper()
	selected := shopsuite.Suite().Flows
	if grep != "" {
		selected = runner.Select(selected, regexp.MustCompile(grep), nil)
	}
	opts := runner.OptionsFor(h.cfg, selected, h.app, "bench")
	opts.BeforeEach = shopsuite.Suite().BeforeEach
	opts.Workers = 1
	opts.ArtifactsDir = b.TempDir()
	adjust(&opts)
	start := time.Now()
	rep, err := runner.Run(context.Background(), opts)
	took := time.Since(start)
	require.NoError(b, err)
	require.Equal(b, len(selected)*max(opts.RepeatEach, 1), rep.Totals.Passed, "every flow must pass for a valid timing: %+v", rep.Flows)
	return took
}

// median is the middle value of ds (the mean of the two middle ones for an even count).
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
