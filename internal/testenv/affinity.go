package testenv

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Thread is one thread of a process, as /proc shows it.
type Thread struct {
	// Name is the thread's name (comm), like "VizCompositorTh".
	Name string
	// CPUs are the CPUs it may run on, as the kernel writes them (Cpus_allowed_list: "1",
	// "0-1", "0,2-3").
	CPUs string
}

// Threads returns the threads of process pid; none once it has ended.
func Threads(pid int) []Thread {
	dirs, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "[0-9]*"))
	var threads []Thread
	for _, dir := range dirs {
		name, err1 := os.ReadFile(filepath.Join(dir, "comm"))
		status, err2 := os.ReadFile(filepath.Join(dir, "status"))
		if err1 != nil || err2 != nil {
			continue // the thread ended
		}
		th := Thread{Name: strings.TrimSpace(string(name))}
		for line := range strings.SplitSeq(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
				th.CPUs = strings.TrimSpace(v)
			}
		}
		threads = append(threads, th)
	}
	return threads
}
