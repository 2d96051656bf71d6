package testenv

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// swiftShaderWorkers name the threads of Chromium's GPU process ("Thread<00>", SwiftShader's
// workers) that set their own CPU affinity, whatever the process was started with.
var swiftShaderWorkers = regexp.MustCompile(`^Thread<\d+>$`)

// CPULists returns the distinct lists of CPUs the threads of process pid may run on, as the
// kernel writes them in /proc (Cpus_allowed_list: "1", "0-1", "0,2-3"), leaving out SwiftShader's
// worker threads. A process whose threads all keep the affinity it was started with gives one
// list; one that ended gives none.
func CPULists(pid int) map[string]bool {
	dirs, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "[0-9]*"))
	lists := map[string]bool{}
	for _, dir := range dirs {
		name, err1 := os.ReadFile(filepath.Join(dir, "comm"))
		status, err2 := os.ReadFile(filepath.Join(dir, "status"))
		if err1 != nil || err2 != nil || swiftShaderWorkers.MatchString(strings.TrimSpace(string(name))) {
			continue // the thread ended, or sets its own affinity
		}
		for line := range strings.SplitSeq(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
				lists[strings.TrimSpace(v)] = true
			}
		}
	}
	return lists
}
