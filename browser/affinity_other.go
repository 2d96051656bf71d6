//go:build !linux

package browser

import (
	"errors"
	"os/exec"
)

// AllowedCPUs returns the CPUs this process may run on; only Linux can tell.
func AllowedCPUs() ([]int, error) {
	return nil, errors.New("CPU affinity is supported on Linux only")
}

// startConfined starts cmd; CPUs cannot be chosen here, so cpus must be empty, and background
// is not honoured.
func startConfined(cmd *exec.Cmd, cpus []int, background bool) error {
	if len(cpus) > 0 {
		return errors.New("running a browser on chosen CPUs is supported on Linux only")
	}
	return cmd.Start()
}

// pinProcessTree cannot move processes to chosen CPUs here.
func pinProcessTree(pid int, cpus []int) error {
	return errors.New("running a browser on chosen CPUs is supported on Linux only")
}

// runsWithProfile cannot tell here.
func runsWithProfile(pid int, dir string) bool { return false }
