package browser

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestLaunchOnChosenCPUs launches the browser on one CPU, opens a page so that a renderer
// starts, and checks that every thread of every process of that browser may run on that CPU
// only, while the tester's own threads keep every CPU they had.
func TestLaunchOnChosenCPUs(t *testing.T) {
	all, err := AllowedCPUs()
	require.NoError(t, err)
	testenv.Require(t, len(all) >= 2, "two CPUs or more", "run the tests on a machine with two CPUs or more")
	own := testenv.CPULists(os.Getpid())
	require.Len(t, own, 1, "the test's threads start with one affinity")
	cpu := all[len(all)-1]
	dir := testenv.ShortTempDir(t)
	t.Setenv("TMPDIR", dir) // the browser's profile, so its processes name dir

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := Open(ctx, Options{Headless: true, CPUs: []int{cpu}})
	require.NoError(t, err)
	defer func() { _ = b.Close() }()
	inc, err := b.Rod.Incognito()
	require.NoError(t, err)
	page, err := inc.Page(proto.TargetCreateTarget{URL: "data:text/html,<h1>pinned</h1>"})
	require.NoError(t, err)
	require.NoError(t, page.WaitLoad())

	// The guard and the browser name the profile on their command lines; Chromium lists its
	// helper processes (renderer, GPU, network service) itself.
	procs := testenv.ProcessesNaming(dir)
	info, err := proto.SystemInfoGetProcessInfo{}.Call(b.Rod)
	require.NoError(t, err)
	kinds := map[string]bool{}
	for _, p := range info.ProcessInfo {
		kinds[p.Type] = true
		procs[p.ID] = p.Type
	}
	require.True(t, kinds["renderer"] && kinds["GPU"], "Chromium's processes: %v", info.ProcessInfo)
	// A SwiftShader worker of the GPU process pins itself before it takes its name: while it
	// starts it shows another name on another CPU. A process that really escaped the pinning
	// stays off the CPU, so each gets a few seconds to show only the chosen one.
	want := map[string]bool{strconv.Itoa(cpu): true}
	for pid, what := range procs {
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			if got := testenv.CPULists(pid); len(got) > 0 { // none: the process ended
				assert.Equal(c, want, got, "process %d %s", pid, what)
			}
		}, 5*time.Second, 50*time.Millisecond)
	}
	require.Equal(t, own, testenv.CPULists(os.Getpid()), "the tester's own threads lost CPUs")

	again, err := AllowedCPUs()
	require.NoError(t, err)
	require.Equal(t, all, again)
}
