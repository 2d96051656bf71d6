package config

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The screenshot tolerance keys read from a file, and refuse values outside their ranges.
func TestSnapshotsTolerance(t *testing.T) {
	c := mustLoad(t, "snapshots:\n  threshold: 0.3\n  max_diff_pixels: 40\n  max_diff_pixel_ratio: 0.01\n", nil)
	require.Equal(t, SnapshotsConfig{Dir: "snapshots", Update: "missing", Threshold: 0.3, MaxDiffPixels: 40, MaxDiffPixelRatio: 0.01}, c.Snapshots)
	c = mustLoad(t, "", []string{"E2E_SNAPSHOTS_MAX_DIFF_PIXELS=7"})
	require.Equal(t, 0.2, c.Snapshots.Threshold)
	require.Equal(t, 7, c.Snapshots.MaxDiffPixels)
	for yaml, want := range map[string]string{
		"snapshots:\n  threshold: 0\n":            "snapshots.threshold: expected a colour distance above 0 and at most 1, like 0.2; got 0",
		"snapshots:\n  threshold: 1.5\n":          "snapshots.threshold: expected a colour distance above 0 and at most 1, like 0.2; got 1.5",
		"snapshots:\n  max_diff_pixels: -1\n":     "snapshots.max_diff_pixels: expected 0 or more pixels; got -1",
		"snapshots:\n  max_diff_pixel_ratio: 2\n": "snapshots.max_diff_pixel_ratio: expected a share from 0 to 1, like 0.01; got 2",
		"snapshots:\n  threshold: high\n":         "snapshots.threshold: expected a number, got",
	} {
		require.ErrorContains(t, loadErr(t, yaml, nil), want, yaml)
	}
}
