package browser

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// AllowedCPUs returns the CPUs this process may run on (its affinity mask, as taskset or a
// container's cpuset leave it), in increasing order.
func AllowedCPUs() ([]int, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil, fmt.Errorf("read CPU affinity: %w", err)
	}
	var cpus []int
	for c := 0; len(cpus) < set.Count(); c++ {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	return cpus, nil
}

// startConfined starts cmd so that it, and every process it starts, runs only on cpus (all
// CPUs when cpus is empty), and at nice 19 when background. A child inherits the affinity and the nice
// value of the thread that forks it, so cmd is started from a thread of its own whose affinity
// and priority are changed for that moment; the rest of the tester keeps every CPU and its
// priority.
func startConfined(cmd *exec.Cmd, cpus []int, background bool) error {
	if len(cpus) == 0 && !background {
		return cmd.Start()
	}
	var set unix.CPUSet
	for _, c := range cpus {
		set.Set(c)
	}
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		var old unix.CPUSet
		if err := unix.SchedGetaffinity(0, &old); err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("read CPU affinity: %w", err)
			return
		}
		oldPrio, err := unix.Getpriority(unix.PRIO_PROCESS, 0) // the calling thread's: 20 - its nice value
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("read CPU priority: %w", err)
			return
		}
		if len(cpus) > 0 {
			if err := unix.SchedSetaffinity(0, &set); err != nil {
				runtime.UnlockOSThread()
				errc <- fmt.Errorf("run on CPUs %v: %w", cpus, err)
				return
			}
		}
		if background {
			if err := unix.Setpriority(unix.PRIO_PROCESS, 0, 19); err != nil {
				_ = unix.SchedSetaffinity(0, &old)
				runtime.UnlockOSThread()
				errc <- fmt.Errorf("run at the lowest CPU priority: %w", err)
				return
			}
		}
		err = cmd.Start()
		// A thread whose affinity or priority cannot be restored (raising a priority may take
		// privileges) is not given back: the goroutine ends locked to it, and the Go runtime
		// then ends the thread.
		restored := unix.SchedSetaffinity(0, &old) == nil
		if background {
			restored = restored && unix.Setpriority(unix.PRIO_PROCESS, 0, 20-oldPrio) == nil
		}
		if restored {
			runtime.UnlockOSThread()
		}
		errc <- err
	}()
	return <-errc
}

// pinProcessTree moves process pid, the processes it started and all their threads onto cpus; a
// process they start later inherits that. It is how the browser of a Selenium node on this
// machine, which e2e did not start, gets a worker's CPUs.
func pinProcessTree(pid int, cpus []int) error {
	var set unix.CPUSet
	for _, c := range cpus {
		set.Set(c)
	}
	children := map[int][]int{}
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range procs {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // gone meanwhile
		}
		fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(fields) < 2 {
			continue
		}
		child, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		parent, _ := strconv.Atoi(fields[1])
		children[parent] = append(children[parent], child)
	}
	for todo := []int{pid}; len(todo) > 0; {
		p := todo[0]
		todo = append(todo[1:], children[p]...)
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/[0-9]*", p))
		for _, t := range tasks {
			tid, _ := strconv.Atoi(filepath.Base(t))
			if err := unix.SchedSetaffinity(tid, &set); err != nil && err != unix.ESRCH {
				return fmt.Errorf("run process %d on CPUs %v: %w", p, cpus, err)
			}
		}
	}
	return nil
}

// runsWithProfile reports whether process pid is a browser started with the profile folder dir.
func runsWithProfile(pid int, dir string) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return err == nil && dir != "" && bytes.Contains(append(b, 0), []byte("\x00--user-data-dir="+dir+"\x00"))
}
