package bench

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/runner"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// BenchmarkGridRatio times the seven flows ×3 at two workers through a Selenium standalone on
// loopback (tools/grid/grid.sh, two slots: full Chromium under ChromeDriver, its DevTools reached
// as the run's defaults say) against a local launch of the same Chromium (/usr/bin/chromium), one
// run of each per iteration, alternating which goes first:
//
//	go test -run '^$' -bench GridRatio -benchtime 3x ./bench
//
// It reports the median wall time of each and the grid's time over the local one (issue 32's
// target: at most 1.15).
func BenchmarkGridRatio(b *testing.B) {
	h := newHarness(b)
	port := testenv.FreePort(b)
	testenv.NewGrid(b).Run("standalone", strconv.Itoa(port), "2")
	hub := fmt.Sprintf("http://127.0.0.1:%d", port)
	onGrid := *h.cfg
	onGrid.Browser.Remote.Kind, onGrid.Browser.Remote.URL = browser.KindSelenium, hub
	gh := &harness{cfg: &onGrid, app: h.app}
	shop := func(h *harness) func() time.Duration {
		return func() time.Duration {
			return h.run(b, "", func(o *runner.Options) {
				o.Workers, o.RepeatEach = 2, 3
				if o.Browser.Remote.Kind == "" {
					o.Browser.Bin = "/usr/bin/chromium"
				}
			})
		}
	}
	grid, local := alternate(b, shop(gh), shop(h))
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(grid).Seconds(), "s-grid/run")
	b.ReportMetric(median(local).Seconds(), "s-local/run")
	b.ReportMetric(median(grid).Seconds()/median(local).Seconds(), "grid/local")
}
