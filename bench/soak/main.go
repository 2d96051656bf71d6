// Command soak runs one long `e2e run` and checks that it holds up: every flow passes (none
// fails, none is flaky), memory stays flat (the RSS of the e2e process at flow 100 and at flow
// 1,000 within 10%; e2e with its browsers is shown too), and no process is left once it ends.
// bench/soak.sh runs it locally (1,001 flows, 2 workers) and through a Selenium Grid (203 flows,
// or 1,001 with a node killed and started again twice: -at runs those commands mid-run).
// Not a test: never run it in CI.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

type options struct {
	e2e     string
	repeat  int
	workers int
	at      int
	last    int
	args    []string
	out     string
	atFlow  map[int]string // at flow N, run this shell command (alongside the run)
}

func main() {
	o := options{atFlow: map[int]string{}}
	var extra string
	flag.Func("at", "N=COMMAND: once flow N has ended, run COMMAND with bash -c alongside the run (repeatable)", func(v string) error {
		n, command, ok := strings.Cut(v, "=")
		flow, err := strconv.Atoi(n)
		if !ok || err != nil || flow < 1 || command == "" {
			return errors.New("want N=COMMAND, N a flow number")
		}
		o.atFlow[flow] = command
		return nil
	})
	flag.StringVar(&o.e2e, "e2e", "", "the e2e binary")
	flag.IntVar(&o.repeat, "repeat-each", 143, "--repeat-each of the run (the shop suite has 7 flows: 143 -> 1,001 flows)")
	flag.IntVar(&o.workers, "workers", 2, "workers")
	flag.IntVar(&o.at, "first-sample", 100, "the flow at which the first RSS sample is taken")
	flag.IntVar(&o.last, "last-sample", 1000, "the flow at which the second is taken (at most the last flow but 2 per worker: then every browser still runs)")
	flag.StringVar(&extra, "args", "", "more e2e run arguments, space-separated (e.g. the remote's)")
	flag.StringVar(&o.out, "out", "", "where the run's artifacts and log go (default: a temporary folder)")
	flag.Parse()
	o.args = strings.Fields(extra)
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

// sample is the memory of the run at one flow.
type sample struct {
	flow      int
	e2eKB     int // the e2e process
	allKB     int // PSS of e2e and every process under it (its browsers)
	processes int
}

func run(o options) error {
	if o.e2e == "" {
		return errors.New("-e2e: the e2e binary is required")
	}
	if o.out == "" {
		d, err := os.MkdirTemp("", "e2e-soak-")
		if err != nil {
			return err
		}
		o.out = d
	}
	tmp := filepath.Join(o.out, "tmp") // the run's TMPDIR: its Chromium profiles, to find leftovers
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	args := append([]string{"run", "--repeat-each", strconv.Itoa(o.repeat), "--workers", strconv.Itoa(o.workers),
		"--reporter", "list,json", "--artifacts-dir", filepath.Join(o.out, "test-results")}, o.args...)
	cmd := exec.Command(o.e2e, args...)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "CI=true")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	logf, err := os.Create(filepath.Join(o.out, "run.log"))
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd.Stderr = logf
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	total := 7 * o.repeat
	last := min(o.last, total-2*o.workers)
	line := regexp.MustCompile(`\[(\d+)/(\d+)\]`)
	var samples []sample
	var hooks []chan error
	sc := bufio.NewScanner(io.TeeReader(stdout, logf))
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if command, ok := o.atFlow[n]; ok {
			delete(o.atFlow, n)
			fmt.Printf("flow %5d/%d  %6.1fs  running: %s\n", n, total, time.Since(start).Seconds(), command)
			hooks = append(hooks, runHook(command, filepath.Join(o.out, fmt.Sprintf("at-%d.log", n))))
		}
		if n == o.at || n == last {
			s := measure(cmd.Process.Pid)
			s.flow = n
			samples = append(samples, s)
			fmt.Printf("flow %5d/%d  %6.1fs  e2e RSS %6.1f MB  PSS with browsers %7.1f MB  (%d processes)\n",
				n, total, time.Since(start).Seconds(), mb(s.e2eKB), mb(s.allKB), s.processes)
		}
	}
	_ = cmd.Wait()
	took := time.Since(start)
	hooksOK := len(o.atFlow) == 0 // every one ran
	for _, h := range hooks {
		if err := <-h; err != nil {
			fmt.Println("  hook:", err)
			hooksOK = false
		}
	}
	code := cmd.ProcessState.ExitCode()

	var rep struct {
		Totals struct{ Total, Passed, Failed, Flaky, Skipped, Interrupted int } `json:"totals"`
		Flows  []struct {
			Annotations []struct{ Type string } `json:"annotations"`
		} `json:"flows"`
	}
	b, err := os.ReadFile(filepath.Join(o.out, "test-results", "report.json"))
	if err == nil {
		err = json.Unmarshal(b, &rep)
	}
	if err != nil {
		return fmt.Errorf("report.json: %w (log: %s)", err, logf.Name())
	}
	left := leftovers(tmp)
	t := rep.Totals
	fmt.Printf("\n%d flows in %.1fs (%.2f flows/s), exit code %d: %d passed, %d failed, %d flaky, %d interrupted\n",
		t.Total, took.Seconds(), float64(t.Total)/took.Seconds(), code, t.Passed, t.Failed, t.Flaky, t.Interrupted)
	ok := code == 0 && t.Total == total && t.Passed == total
	verdict := func(good bool, what string) {
		mark := "MET   "
		if !good {
			mark, ok = "MISSED", false
		}
		fmt.Printf("  %s %s\n", mark, what)
	}
	verdict(t.Failed == 0 && t.Flaky == 0 && t.Passed == total, "0 failed, 0 flaky")
	lost := 0
	for _, f := range rep.Flows {
		for _, a := range f.Annotations {
			if a.Type == "lost-browser" {
				lost++
			}
		}
	}
	fmt.Printf("  (info) flows re-run after a lost browser (no attempt counted): %d\n", lost)
	if len(hooks) > 0 || !hooksOK {
		verdict(hooksOK, "every -at command ran and succeeded (logs: at-N.log)")
	}
	if len(samples) == 2 {
		a, z := samples[0], samples[1]
		de := 100 * float64(z.e2eKB-a.e2eKB) / float64(a.e2eKB)
		da := 100 * float64(z.allKB-a.allKB) / float64(a.allKB)
		verdict(de <= 10 && de >= -10, fmt.Sprintf("e2e RSS at flow %d vs %d: %.1f -> %.1f MB (%+.1f%%)", a.flow, z.flow, mb(a.e2eKB), mb(z.e2eKB), de))
		fmt.Printf("  (info) PSS of e2e with its browsers at flow %d vs %d: %.1f -> %.1f MB (%+.1f%%): varies with the pages open at that moment\n",
			a.flow, z.flow, mb(a.allKB), mb(z.allKB), da)
	} else {
		verdict(false, fmt.Sprintf("RSS samples: got %d of 2", len(samples)))
	}
	verdict(len(left) == 0, fmt.Sprintf("processes left: %d %v", len(left), left))
	fmt.Printf("log and artifacts: %s\n", o.out)
	if !ok {
		return errors.New("a target was missed")
	}
	return nil
}

func mb(kb int) float64 { return float64(kb) / 1024 }

// measure returns the RSS of pid and of every process under it.
func measure(pid int) sample {
	children := map[int][]int{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		p, _ := strconv.Atoi(filepath.Base(d))
		if pp := ppid(p); pp > 0 {
			children[pp] = append(children[pp], p)
		}
	}
	s := sample{e2eKB: rss(pid)}
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		s.allKB += pss(p)
		s.processes++
		queue = append(queue, children[p]...)
	}
	return s
}

func ppid(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(f[1])
	return n
}

func rss(pid int) int { return procKB(fmt.Sprintf("/proc/%d/status", pid), "VmRSS:") }

// pss is the process's proportional share of memory: shared pages split between the processes
// that share them, so that the browser's processes add up.
func pss(pid int) int { return procKB(fmt.Sprintf("/proc/%d/smaps_rollup", pid), "Pss:") }

func procKB(file, key string) int {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, key); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}

// leftovers lists the processes whose command line names dir (the run's Chromium profiles),
// after giving the last ones a few seconds to go.
func leftovers(dir string) []string {
	var left []string
	for range 50 {
		left = left[:0]
		dirs, _ := filepath.Glob("/proc/[0-9]*")
		for _, d := range dirs {
			b, err := os.ReadFile(d + "/cmdline")
			if err == nil && strings.Contains(string(b), dir) {
				if st, _ := os.ReadFile(d + "/stat"); !strings.Contains(string(st), ") Z ") {
					left = append(left, filepath.Base(d))
				}
			}
		}
		if len(left) == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return left
}

// runHook runs command with bash -c, its output to logPath, and reports its end on the channel.
func runHook(command, logPath string) chan error {
	done := make(chan error, 1)
	go func() {
		out, err := os.Create(logPath)
		if err != nil {
			done <- err
			return
		}
		defer out.Close()
		c := exec.Command("bash", "-c", command)
		c.Stdout, c.Stderr = out, out
		if err := c.Run(); err != nil {
			done <- fmt.Errorf("%s: %w (see %s)", command, err, logPath)
			return
		}
		done <- nil
	}()
	return done
}
