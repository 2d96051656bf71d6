package route

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// devtoolsExport walks the site in a headed Chromium with DevTools open, then has DevTools'
// own HAR writer (the one behind "Save all as HAR with content") export what its network log
// holds, through the DevTools protocol on the DevTools window's page.
func devtoolsExport(t *testing.T, base, password string) []byte {
	t.Helper()
	t.Setenv("DISPLAY", testenv.StartXvfb(t))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	b, err := browser.Open(ctx, browser.Options{Headless: false, Devtools: true})
	require.NoError(t, err)
	defer func() { _ = b.Close() }()
	page, err := b.Rod.Context(ctx).Page(proto.TargetCreateTarget{URL: "about:blank"})
	require.NoError(t, err)
	// One DevTools window per tab: wait for them to load their modules, and keep their logs
	// across navigations.
	var windows []*rod.Page
	require.Eventually(t, func() bool {
		res, err := proto.TargetGetTargets{}.Call(b.Rod.Context(ctx))
		if err != nil {
			return false
		}
		windows = windows[:0]
		for _, tg := range res.TargetInfos {
			if strings.HasPrefix(tg.URL, "devtools://") {
				if dt, err := b.Rod.Context(ctx).PageFromTarget(tg.TargetID); err == nil {
					windows = append(windows, dt)
				}
			}
		}
		return len(windows) >= 2 // the first tab's and ours
	}, 30*time.Second, 50*time.Millisecond, "a DevTools window per tab")
	for _, dt := range windows {
		_, err = dt.Context(ctx).Eval(`async () => {
			for (let i = 0; i < 200; i++) {
				try {
					const Common = await import("./core/common/common.js");
					Common.Settings.Settings.instance().moduleSetting("network-log.preserve-log").set(true);
					const Logs = await import("./models/logs/logs.js");
					Logs.NetworkLog.NetworkLog.instance(); // the log the Network panel shows, from now on
					const UI = await import("./ui/legacy/legacy.js");
					await UI.ViewManager.ViewManager.instance().showView("network");
					return true;
				} catch (e) { await new Promise(r => setTimeout(r, 50)); }
			}
			throw new Error("DevTools did not load");
		}`)
		require.NoError(t, err)
	}
	tb := &tab{page: page.Context(ctx)}
	walkSite(t, tb, base, password)
	for _, dt := range windows {
		res, err := dt.Context(ctx).Eval(`async () => {
			const Logs = await import("./models/logs/logs.js");
			const HAR = await import("./models/har/har.js");
			const requests = Logs.NetworkLog.NetworkLog.instance().requests();
			if (requests.length === 0) return "";
			// A progress sink: never canceled, its fields settable, every method does nothing
			// (a sub-progress is itself).
			const progress = new Proxy({}, {get: (o, k) => k in o ? o[k] : k === "then" ? undefined :
				k === "canceled" ? false : k === "isCanceled" ? () => false : () => progress});
			return await HAR.Writer.Writer.harStringForRequests(requests, {sanitize: false}, progress);
		}`)
		require.NoError(t, err)
		if s := res.Value.Str(); s != "" {
			return []byte(s)
		}
	}
	t.Fatal("no DevTools window logged the walk")
	return nil
}

func TestHARExportedByChromeDevToolsReplays(t *testing.T) {
	site := statefulSite(t)
	data := devtoolsExport(t, site.URL, "pw-devtools")
	require.True(t, strings.Contains(string(data), `"name": "WebInspector"`), "a HAR DevTools wrote: %.300s", data)
	file := filepath.Join(t.TempDir(), "devtools.har")
	require.NoError(t, os.WriteFile(file, data, 0o600))
	site.Close()

	replayWithBackendStopped(t, file, site.URL, "pw-devtools")
}
