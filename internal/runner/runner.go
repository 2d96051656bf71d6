// Package runner is the one runner both front doors use (cli for a suite's own command, flowtest for
// go test): it starts the app, plans the flows, runs them on workers with a browser each, a fresh
// incognito context per attempt, retries, timeouts, evidence and reports. A suite never sees it.
package runner

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/steps"
)

// Options say what the runner runs and how.
type Options struct {
	// Flows is the suite, already selected (--grep), in suite order.
	Flows []flows.Flow
	// Projects are the projects each flow runs under, in order (see Projects); none: each flow
	// runs once, as it is.
	Projects []config.Project
	// Workers is how many browsers run flows side by side (at least 1).
	Workers int
	// Retries is how many times a failed flow is tried again.
	Retries int
	// RepeatEach runs every flow this many times (at least 1).
	RepeatEach int
	// FailOnFlaky makes a flaky flow fail the run.
	FailOnFlaky bool
	// FlowTimeout bounds each attempt; 0 means none.
	FlowTimeout time.Duration
	// Shard runs only one part of the suite when its Total is set.
	Shard Shard
	// Browser says how each worker gets its browser.
	Browser browser.Options
	// PinWorkers says whether each worker's local browser runs on CPUs of its own:
	// browser.PinAuto (when empty), browser.PinOn or browser.PinOff.
	PinWorkers browser.PinMode
	// Env is what every attempt shares.
	Env Env
	// ArtifactsDir is where attempt folders, timings and reports go.
	ArtifactsDir string
	// ArtifactsMode says when an attempt's evidence is kept: artifacts.ModeRetainOnFailure (when
	// empty), artifacts.ModeOn or artifacts.ModeOff.
	ArtifactsMode artifacts.Mode
	// Reporters are told about the run as it goes.
	Reporters []report.Reporter
	// Grace is how long running flows get to stop and collect their evidence after the run is
	// interrupted or a flow times out; 0 means 5s.
	Grace time.Duration
	// Warn, when set, is told in one line about trouble that changes no flow's status: evidence
	// that could not be written, a dead browser or grid session that could not be ended. It is
	// called from the workers' goroutines.
	Warn func(msg string)
	// Setup, when set, returns the app's setup (servers, seed and reset steps) as a pseudo-flow
	// that the report lists first; it is called once every flow has ended.
	Setup func() report.FlowReport
	// BeforeRound, when set, runs between the rounds of the run: with RepeatEach n, round r
	// holds the r-th repetition of every flow, and starts once round r-1 has ended and
	// BeforeRound(ctx, r) has returned nil (app.reset). An error ends the run: the flows not
	// run are skipped, and Run returns the report with an error wrapping ErrSetup.
	BeforeRound func(ctx context.Context, round int) error
	// Keep names entries of ArtifactsDir that Run must not empty (what the setup wrote).
	Keep []string
	// MaxFailures, when above 0, stops the run from starting flows once this many have failed
	// (--max-failures): a flaky flow is no failure; the flows running end, those not started
	// are skipped as did-not-run and the report's Stopped says why.
	MaxFailures int
	// GlobalTimeout, when above 0, bounds the whole run (--global-timeout): the flows running
	// then are interrupted, those not started are skipped as did-not-run, the reports are
	// written, and the report fails with Stopped saying why.
	GlobalTimeout time.Duration
	// Only, when not empty, keeps the jobs whose ids it holds (--last-failed): ids as the
	// reports name them, with their project and repetition.
	Only []string
	// BeforeEach and AfterEach, when set, run around each attempt in the flow's F: the suite's
	// hooks.
	BeforeEach, AfterEach func(*flows.F)
	// OnFailure, when set, is called after a failed attempt's evidence is written and before its
	// browser context closes, on the worker's goroutine: --debug pauses there.
	OnFailure func(FailureInfo)
}

// FailureInfo describes a failed attempt to OnFailure.
type FailureInfo struct {
	// ID is the flow's id.
	ID string
	// Failure is why it failed.
	Failure *report.Failure
	// URL is the page the browser shows.
	URL string
	// Dir is the attempt's artifact folder, empty if none was kept.
	Dir string
}

// job is one flow to run: a repetition of a flow under --repeat-each, in a project.
type job struct {
	index   int // position in suite order, for the report
	flow    flows.Flow
	project *config.Project // nil when the run has no projects
	repeat  int
	id      string
	lost    []string // why it was run again each time a worker lost its browser under it
}

// projectName is the job's project's name, "" when the run has none.
func (j job) projectName() string {
	if j.project == nil {
		return ""
	}
	return j.project.Name
}

// ErrSetup is wrapped by the error Run returns, with the report, when BeforeRound failed.
var ErrSetup = errors.New("setup failed")

// ErrInterrupted is returned by Run, with the report, when its context was cancelled.
var ErrInterrupted = errors.New("run interrupted")

// Run runs the flows and returns the run's report. The report is complete even when the run was
// interrupted (ctx cancelled): unfinished flows are marked interrupted and ErrInterrupted is
// returned with it. Other errors are setup errors (no browser, bad artifacts folder): no flow ran.
func Run(parent context.Context, opts Options) (*report.RunReport, error) {
	opts = withDefaults(opts)
	ctx, cancel := withGlobalTimeout(parent, opts.GlobalTimeout)
	defer cancel()
	jobs := planJobs(opts.Flows, opts.Projects, opts.RepeatEach, opts.Shard, opts.Only...)
	out, err := prepareOutput(opts.ArtifactsDir, opts.Keep...)
	if err != nil {
		return nil, err
	}
	order := out.schedule(jobs)
	workers := min(opts.Workers, max(len(jobs), 1))

	browserOpts, err := browser.WorkerOptions(opts.Browser, opts.PinWorkers, workers)
	if err != nil {
		return nil, err
	}
	started := time.Now()
	rep := &report.RunReport{
		Started: started, Workers: workers, Shard: opts.Shard.String(), BaseURL: opts.Env.shownBaseURL(),
	}
	for _, o := range browserOpts {
		if o.CPUs != nil {
			rep.WorkerCPUs = append(rep.WorkerCPUs, o.CPUs)
		}
	}
	// A run of API-only flows starts no browser; a worker opens one if a user must sign in.
	browsers, err := make([]*browser.Browser, workers), error(nil)
	if slices.ContainsFunc(jobs, func(j job) bool { return !j.flow.NoBrowser }) {
		browsers, err = openBrowsers(ctx, browserOpts)
	}
	switch {
	case err != nil && ctx.Err() == nil:
		return nil, err
	case err != nil: // interrupted while the browsers started: every flow is reported interrupted
		browsers = make([]*browser.Browser, workers)
	}
	total := len(jobs) // the flows; the app's setup pseudo-flow is reported first but not counted
	for _, r := range opts.Reporters {
		r.RunStarted(total, workers)
	}

	closeHost := opts.Env.Audit.ownA11yHost(opts.Browser)
	defer closeHost()
	users := &userStore{}
	defer users.close()
	// The finished flows wait on disk for the reports, so that memory stays flat however long
	// the run.
	spool := report.NewFlowSpool(filepath.Join(out.dir, report.SpoolFile), len(jobs))
	defer spool.Close()
	if err := spool.Err(); err != nil {
		opts.warn(oneLine(err))
	}
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		done   int
		events = reporterSet(opts.Reporters)
		crew   = &crew{live: workers}
	)
	queue, rounds := feed(ctx, order, opts)
	stop := &stopper{max: opts.MaxFailures, timeout: opts.GlobalTimeout, queue: queue}
	if opts.Setup != nil {
		events.flowEnded(opts.Setup(), 0, total)
	}
	finish := func(j job, fr report.FlowReport) {
		if len(j.lost) > 0 {
			fr.Annotations = append(fr.Annotations, report.Annotation{Type: report.AnnotationLostBrowser, Description: lostNote(j.lost)})
		}
		if err := spool.Put(j.index, fr); err != nil {
			opts.warn(oneLine(err))
		}
		mu.Lock()
		done++
		n := done
		mu.Unlock()
		stop.flowEnded(fr) // before the reporters hear of it: no flow starts after the last failure
		events.flowEnded(fr, n, total)
		queue.ended()
		rounds.ended(j.repeat)
	}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := &worker{id: w, opts: &opts, browserOpts: browserOpts[w], browser: browsers[w], out: out, users: users}
			defer wk.close()
			for ctx.Err() == nil {
				if wk.lost && !queue.done() { // get a browser back before taking a flow
					if err := wk.ensureBrowser(ctx); err != nil {
						if ctx.Err() == nil && crew.retire(w, err) {
							failLeft(ctx, queue, crew.why(), finish)
						}
						return
					}
				}
				j, ok := queue.take(ctx)
				if !ok {
					return
				}
				if len(j.lost) == 0 {
					events.flowStarted(j.id)
				}
				fr, lost := wk.run(ctx, j)
				late := wk.takeLate()
				if lost != nil {
					j.lost = append(j.lost, oneLine(lost))
					queue.giveBack(j)
					continue
				}
				if len(late) > 0 {
					wk.finishLate(fr, late, func(fr report.FlowReport) { finish(j, fr) })
					continue
				}
				finish(j, fr)
			}
		}()
	}
	wg.Wait()
	go closeHost() // the a11y audit's browser ends beside the reports
	if msg := crew.warning(workers); msg != "" {
		opts.warn(msg)
	}

	setupErr := rounds.wait()
	interrupted := parent.Err() != nil // Ctrl-C; the global timeout is no interruption
	rep.Stopped = stop.reason(ctx)
	rep.Flows = spooledFlows(spool, jobs, notRunAs(interrupted, setupErr != nil && ctx.Err() == nil, rep.Stopped), opts.warn)
	if opts.Setup != nil {
		rep.Flows = append([]report.FlowReport{opts.Setup()}, rep.Flows...)
	}
	rep.DurationMS = time.Since(started).Milliseconds()
	rep.Totals = report.CountFlows(rep.Flows)
	rep.Status = runStatus(rep.Totals, opts.FailOnFlaky)
	if report.SetupFailed(rep.Flows) || (rep.Stopped != "" && !interrupted) {
		rep.Status = report.StatusFailed
	}
	out.saveTimings(rep)
	out.saveLastRun(rep, timedOut(ctx) && !interrupted, opts.warn)
	if err := events.runEnded(rep); err != nil {
		return rep, err
	}
	if setupErr != nil && ctx.Err() == nil {
		return rep, fmt.Errorf("%w: %w", ErrSetup, setupErr)
	}
	if interrupted {
		return rep, ErrInterrupted
	}
	return rep, nil
}

// spooledFlows reads the run's flows back from spool in suite order for the reports. A flow that
// never ran is reported as notRun says (interrupted, or skipped when the app's reset failed or
// the run stopped early); one that cannot be read back is said in one line and reported failed
// with why.
func spooledFlows(spool *report.FlowSpool, jobs []job, notRun func(job) report.FlowReport, warn func(string)) []report.FlowReport {
	fs := make([]report.FlowReport, len(jobs))
	for i, j := range jobs {
		f, ran, err := spool.Flow(i)
		switch {
		case err != nil:
			warn(oneLine(err))
			f = report.FlowReport{ID: j.id, Name: j.flow.Name, Project: j.projectName(), Repeat: j.repeat, Status: report.StatusFailed,
				Error: "its report was lost: " + oneLine(err), Attempts: []report.AttemptReport{}}
		case !ran:
			f = notRun(j)
		}
		fs[i] = f
	}
	return fs
}

// warn tells o.Warn, when set, about trouble that changes no flow's status.
func (o *Options) warn(msg string) {
	if o.Warn != nil {
		o.Warn(msg)
	}
}

func withDefaults(o Options) Options {
	o.Workers = max(o.Workers, 1)
	o.RepeatEach = max(o.RepeatEach, 1)
	o.Retries = max(o.Retries, 0)
	if o.Grace <= 0 {
		o.Grace = 5 * time.Second
	}
	if o.ArtifactsMode == "" {
		o.ArtifactsMode = artifacts.ModeRetainOnFailure
	}
	if o.ArtifactsDir == "" {
		o.ArtifactsDir = artifacts.DefaultDir
	}
	if o.Env.ActionTimeout <= 0 {
		o.Env.ActionTimeout = steps.DefaultActionTimeout
	}
	if o.Env.APIURL == "" {
		o.Env.APIURL = o.Env.BaseURL
	}
	o.Env.NoRecording = o.ArtifactsMode == artifacts.ModeOff && o.Env.Audit == nil // the audit reads the HAR
	return o
}

// planJobs returns the jobs of a run: every flow in each project, repeated repeat times, those
// whose ids only holds when it holds any, cut to shard, numbered in suite order.
func planJobs(fs []flows.Flow, projects []config.Project, repeat int, shard Shard, only ...string) []job {
	jobs := expand(fs, projects, repeat)
	if len(only) > 0 {
		keep := map[string]bool{}
		for _, id := range only {
			keep[id] = true
		}
		jobs = slices.DeleteFunc(jobs, func(j job) bool { return !keep[j.id] })
	}
	if shard.Total > 0 {
		jobs = shard.Select(jobs)
	}
	for i := range jobs {
		jobs[i].index = i
	}
	return jobs
}

// expand returns one job per project, flow and repetition: the suite in order under each
// project in turn.
func expand(fs []flows.Flow, projects []config.Project, repeat int) []job {
	under := []*config.Project{nil}
	if len(projects) > 0 {
		under = under[:0]
		for i := range projects {
			under = append(under, &projects[i])
		}
	}
	jobs := make([]job, 0, len(under)*len(fs)*repeat)
	for _, p := range under {
		for _, f := range fs {
			for r := range repeat {
				id := projectID(f.Name, p)
				if r > 0 {
					id = fmt.Sprintf("%s#%d", id, r)
				}
				jobs = append(jobs, job{flow: f, project: p, repeat: r, id: id})
			}
		}
	}
	return jobs
}

// runStatus is failed when any flow failed (or was flaky under --fail-on-flaky), interrupted
// when any was, else passed.
func runStatus(t report.Totals, failOnFlaky bool) report.Status {
	switch {
	case t.Failed > 0 || (failOnFlaky && t.Flaky > 0):
		return report.StatusFailed
	case t.Interrupted > 0:
		return report.StatusInterrupted
	default:
		return report.StatusPassed
	}
}

// openBrowsers opens a browser for each of opts side by side; if any fails, it closes the others.
func openBrowsers(ctx context.Context, opts []browser.Options) ([]*browser.Browser, error) {
	bs := make([]*browser.Browser, len(opts))
	errs := make([]error, len(opts))
	var wg sync.WaitGroup
	for i := range opts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bs[i], errs[i] = browser.Open(ctx, opts[i])
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, b := range bs {
			if b != nil {
				_ = b.Close()
			}
		}
		return nil, firstError(errs)
	}
	return bs, nil
}

func firstError(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// attemptDir is the folder of an attempt's artifacts, relative to the artifacts folder:
// the flow id as a file name, then -retryN for retries.
func attemptDir(id string, retry int) string {
	name := slug(id)
	if retry > 0 {
		name += fmt.Sprintf("-retry%d", retry)
	}
	return filepath.FromSlash(name)
}
