package browser

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWorkerCPUs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mode    PinMode
		workers int
		cpus    []int
		want    [][]int
	}{
		{"auto: as many workers as CPUs", PinAuto, 2, []int{0, 1}, [][]int{{0}, {1}}},
		{"auto: a sparse affinity mask", PinAuto, 3, []int{1, 4, 6}, [][]int{{1}, {4}, {6}}},
		{"auto: spare CPUs stay free", PinAuto, 2, []int{0, 1, 2, 3}, nil},
		{"auto: more workers than CPUs", PinAuto, 4, []int{0, 1}, nil},
		{"auto: one worker", PinAuto, 1, []int{0, 1}, nil},
		{"auto: one CPU", PinAuto, 2, []int{0}, nil},
		{"on: CPUs split among fewer workers", PinOn, 2, []int{0, 1, 2, 3, 4}, [][]int{{0, 2, 4}, {1, 3}}},
		{"on: more workers than CPUs share them in turn", PinOn, 3, []int{0, 1}, [][]int{{0}, {1}, {0}}},
		{"on: one worker keeps every CPU", PinOn, 1, []int{0, 1}, nil},
		{"off", PinOff, 2, []int{0, 1}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, workerCPUs(tc.mode, tc.workers, tc.cpus))
		})
	}
}

func TestWorkerOptionsLeaveRemoteBrowsersAlone(t *testing.T) {
	base := Options{Headless: true, Remote: RemoteOptions{Kind: "cdp", URL: "127.0.0.1:9222"}}
	got, err := WorkerOptions(base, PinOn, 2)
	require.NoError(t, err)
	require.Equal(t, []Options{base, base}, got)
}
