package runner_test

import (
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// cpuList writes cpus (increasing) as the kernel does in /proc: "0-1", "0,2", "1".
func cpuList(cpus []int) string {
	var parts []string
	for i := 0; i < len(cpus); {
		j := i
		for j+1 < len(cpus) && cpus[j+1] == cpus[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, fmt.Sprint(cpus[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", cpus[i], cpus[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// TestWorkersRunOnCPUsOfTheirOwn runs four flows on two workers. Each flow asks its browser for
// its processes (browser, renderers, GPU, network service) and reads where their threads may
// run. Pinned, each worker's browser runs on its half of the CPUs; unpinned, on all of them.
func TestWorkersRunOnCPUsOfTheirOwn(t *testing.T) {
	all, err := browser.AllowedCPUs()
	require.NoError(t, err)
	testenv.Require(t, len(all) >= 2, "two CPUs or more", "run the tests on a machine with two CPUs or more")
	var evens, odds []int
	for i, c := range all {
		if i%2 == 0 {
			evens = append(evens, c)
		} else {
			odds = append(odds, c)
		}
	}

	for _, tc := range []struct {
		mode       browser.PinMode
		want       map[string]bool // the CPU lists the two browsers run on
		workerCPUs [][]int         // as the report says
	}{
		{browser.PinOn, map[string]bool{cpuList(evens): true, cpuList(odds): true}, [][]int{evens, odds}},
		{browser.PinOff, map[string]bool{cpuList(all): true}, nil},
	} {
		t.Run(string(tc.mode), func(t *testing.T) {
			var mu sync.Mutex
			byBrowser := map[int]map[string]bool{} // browser pid: CPU lists of its processes' threads
			probe := flows.Flow{Name: "where", Run: func(f *flows.F) {
				info, err := proto.SystemInfoGetProcessInfo{}.Call(f.Tab.Rod().Browser())
				require.NoError(f, err)
				lists, browserPid := map[string]bool{}, 0
				for _, p := range info.ProcessInfo {
					if p.Type == "browser" {
						browserPid = p.ID
					}
					maps.Copy(lists, testenv.CPULists(p.ID))
				}
				require.NotZero(f, browserPid, "no browser process in %v", info.ProcessInfo)
				mu.Lock()
				defer mu.Unlock()
				if byBrowser[browserPid] == nil {
					byBrowser[browserPid] = map[string]bool{}
				}
				for l := range lists {
					byBrowser[browserPid][l] = true
				}
			}}
			rep, _ := runSuite(t, []flows.Flow{probe}, nil, func(o *runner.Options) {
				o.RepeatEach, o.PinWorkers = 4, tc.mode
			})
			require.Equal(t, report.Totals{Total: 4, Passed: 4}, rep.Totals, "flows: %+v", rep.Flows)
			require.Len(t, byBrowser, 2, "two workers, two browsers")
			got := map[string]bool{}
			for pid, lists := range byBrowser {
				require.Len(t, lists, 1, "the processes of browser %d run on different CPUs: %v", pid, lists)
				for l := range lists {
					got[l] = true
				}
			}
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.workerCPUs, rep.WorkerCPUs)
		})
	}
}
