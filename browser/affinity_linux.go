package browser

import (
	"fmt"
	"os/exec"
	"runtime"

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

// startOnCPUs starts cmd so that it, and every process it starts, runs only on cpus (all CPUs
// when cpus is empty). A child inherits the affinity of the thread that forks it, so cmd is
// started from a thread of its own whose affinity is narrowed for that moment; the rest of the
// tester keeps every CPU.
func startOnCPUs(cmd *exec.Cmd, cpus []int) error {
	if len(cpus) == 0 {
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
		if err := unix.SchedSetaffinity(0, &set); err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("run on CPUs %v: %w", cpus, err)
			return
		}
		err := cmd.Start()
		// A thread whose affinity cannot be restored is not given back: the goroutine ends
		// locked to it, and the Go runtime then ends the thread.
		if unix.SchedSetaffinity(0, &old) == nil {
			runtime.UnlockOSThread()
		}
		errc <- err
	}()
	return <-errc
}
