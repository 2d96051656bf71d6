package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/go-rod/rod/lib/launcher"
	"github.com/ysmood/leakless"
)

// ErrNoChromium is returned when no Chromium executable can be found.
var ErrNoChromium = errors.New("no Chromium found: install chromium or set browser.bin")

// systemChromium lists where a system Chromium usually lives, most likely first: names looked up
// on PATH, then places off the usual PATH.
var systemChromium = []string{
	"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
	"/snap/bin/chromium",
	"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
	"/Applications/Chromium.app/Contents/MacOS/Chromium",
}

// headlessShells lists the names of Chromium's headless shell, the build without a window system
// that Playwright also launches for headless runs: its incognito contexts open no window and no
// browser-UI renderer, so a flow costs about half the CPU of full Chromium's headless mode
// (bench/README.md has the figures).
var headlessShells = []string{"chromium-headless-shell", "chrome-headless-shell"}

// isHeadlessShell reports whether bin names Chromium's headless shell, which cannot show a window.
func isHeadlessShell(bin string) bool {
	return strings.Contains(filepath.Base(bin), "headless-shell")
}

// FindBrowser returns the browser to launch: bin when set (see FindChromium); otherwise, for a
// headless run, the system's headless shell when there is one, else the system Chromium.
func FindBrowser(bin string, headless bool) (string, error) {
	if bin == "" && headless {
		for _, c := range headlessShells {
			if p, err := exec.LookPath(c); err == nil {
				return p, nil
			}
		}
	}
	p, err := FindChromium(bin)
	if err == nil && !headless && isHeadlessShell(p) {
		return "", fmt.Errorf("browser.bin %q is Chromium's headless shell, which cannot show a window: set browser.bin to a full Chromium, or drop --headed", bin)
	}
	return p, err
}

// FindChromium returns the Chromium to launch: bin when set (it must exist), else the first
// system Chromium found. rod's own download is never attempted.
func FindChromium(bin string) (string, error) {
	if bin != "" {
		p, err := exec.LookPath(bin)
		switch {
		case err == nil:
			return p, nil
		case !strings.ContainsRune(bin, os.PathSeparator):
			return "", fmt.Errorf("browser.bin %q: not found on PATH (give a path, like ./%s, for one elsewhere): install chromium or fix browser.bin", bin, bin)
		}
		if _, statErr := os.Stat(bin); statErr != nil {
			return "", fmt.Errorf("browser.bin %q: no such file: install chromium or fix browser.bin", bin)
		}
		return "", fmt.Errorf("browser.bin %q: not an executable: install chromium or fix browser.bin", bin)
	}
	for _, c := range systemChromium {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// disabledFeatures are Chromium features that cost time or reach for the network in a test run,
// most from Playwright's list; site-per-process and IsolateOrigins spare a renderer process per
// site. RenderDocument makes every navigation, same-site too, build a new frame host and a new
// renderer-side frame: without it a same-site navigation reuses them, and a flow (seven page
// loads or so) costs about 20% less CPU in the browser, its renderer and its GPU process
// (bench/README.md). Pages see no difference: each navigation still gets a new document. In full
// Chromium every window (so every flow's context) preloads its omnibox popup, a WebUI page in a
// renderer of its own; WebUIOmniboxPopup and WebUIOmniboxAimPopup turn that off (both are needed;
// the headless shell has no window).
var disabledFeatures = []string{
	"site-per-process", "IsolateOrigins", "PaintHolding",
	"AvoidUnnecessaryBeforeUnloadCheckSync", "HttpsUpgrades", "HttpsFirstBalancedModeAutoEnable",
	"LensOverlay", "MediaRouter", "ThirdPartyStoragePartitioning", "OptimizationHints",
	"NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch", "Translate",
	"InterestFeedContentSuggestions", "AutofillServerCommunication",
	"CertificateTransparencyComponentUpdater", "RenderDocument",
	"WebUIOmniboxPopup", "WebUIOmniboxAimPopup",
}

// ChromiumFlags returns the command-line flags every browser we start gets, local or remote,
// without the leading "--": quiet on a closed network, no sandbox as root, and the headless,
// devtools and extra flags of opts.
func ChromiumFlags(opts Options) []string {
	fl := []string{
		// Quiet on a closed network: no updates, sync, field trials, hints or metrics.
		"disable-background-networking", "disable-component-update", "disable-sync",
		"disable-field-trial-config", "disable-domain-reliability", "metrics-recording-only",
		"no-service-autorun", "disable-client-side-phishing-detection",
		"no-first-run", "no-default-browser-check", "disable-default-apps",
		"disable-search-engine-choice-screen", "password-store=basic", "use-mock-keychain",
		// Predictable and cheap: no throttling of background tabs, no back-forward cache, no
		// extensions, no crash reports, no site isolation.
		"disable-dev-shm-usage", "disable-breakpad", "disable-extensions",
		"disable-component-extensions-with-background-pages",
		"disable-background-timer-throttling", "disable-backgrounding-occluded-windows",
		"disable-renderer-backgrounding", "disable-ipc-flooding-protection", "disable-back-forward-cache",
		"disable-hang-monitor", "disable-popup-blocking", "disable-prompt-on-repost",
		"disable-site-isolation-trials", "allow-pre-commit-input",
		"disable-features=" + strings.Join(disabledFeatures, ","),
		"force-color-profile=srgb", "mute-audio", "window-size=1280,800",
	}
	if os.Geteuid() == 0 {
		fl = append(fl, "no-sandbox")
	}
	if opts.Headless {
		fl = append(fl, "headless", "hide-scrollbars")
	} else if opts.Devtools {
		fl = append(fl, "auto-open-devtools-for-tabs")
	}
	for _, a := range opts.Args {
		fl = append(fl, strings.TrimPrefix(a, "--"))
	}
	return fl
}

// ErrNoDisplay is the error of a visible browser's launch on a machine with no display; the
// callers add what to drop (--headed, --debug).
var ErrNoDisplay = errors.New("a visible browser needs a display and DISPLAY is not set: run under xvfb-run")

// HasDisplay reports whether a visible browser can open a window here (on Linux, DISPLAY or
// WAYLAND_DISPLAY is set).
func HasDisplay() bool {
	return runtime.GOOS != "linux" || os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

// launchLocal starts a Chromium of our own, in its own process group under leakless (so that it
// dies with us even on SIGKILL), and returns it connected. Close ends it gracefully, then kills
// its whole process group and removes its profile directory.
func launchLocal(ctx context.Context, opts Options) (*Browser, error) {
	bin, err := FindBrowser(opts.Bin, opts.Headless)
	if err != nil {
		return nil, err
	}
	if !opts.Headless && !HasDisplay() {
		return nil, ErrNoDisplay
	}
	profile, err := os.MkdirTemp("", "e2e-chromium-")
	if err != nil {
		return nil, fmt.Errorf("launch chromium: profile dir: %w", err)
	}
	args := []string{"--remote-debugging-port=0", "--user-data-dir=" + profile}
	for _, f := range ChromiumFlags(opts) {
		args = append(args, "--"+f)
	}
	args = append(args, "about:blank")

	var cmd *exec.Cmd
	var ll *leakless.Launcher
	if leakless.Support() {
		ll = leakless.New()
		cmd = ll.Command(bin, args...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	parser := launcher.NewURLParser().Context(ctx)
	cmd.Stdout, cmd.Stderr = parser, parser
	if err := startConfined(cmd, opts.CPUs, opts.Background); err != nil {
		_ = os.RemoveAll(profile)
		return nil, fmt.Errorf("launch chromium %s: %w", bin, err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	// Our child leads a process group. Without leakless it is Chromium, with its helpers in the
	// group; with leakless, the guard puts Chromium in a group of its own (browserGroup), which
	// must be killed too: a guard killed first cannot reap a browser that hangs.
	pgid := cmd.Process.Pid
	browserGroup := 0
	// The guard reports the browser's pid once it has started it. A launch cancelled before that
	// report still waits for it in kill: killing only the guard would leave the browser running
	// with no one to reap it.
	groupKnown := ll == nil
	awaitGroup := func() {
		if groupKnown {
			return
		}
		groupKnown = true
		select {
		case browserGroup = <-ll.Pid():
		case <-exited:
		case <-time.After(5 * time.Second):
		}
	}
	kill := func() error {
		awaitGroup()
		if browserGroup > 0 {
			_ = syscall.Kill(-browserGroup, syscall.SIGKILL)
		}
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
		}
		return os.RemoveAll(profile)
	}
	if testHookBrowserStarted != nil {
		testHookBrowserStarted()
	}
	if ll != nil {
		select {
		case browserGroup = <-ll.Pid():
			groupKnown = true
			if e := ll.Err(); e != "" {
				_ = kill()
				return nil, fmt.Errorf("launch chromium %s: %s", bin, e)
			}
		case <-exited:
		case <-ctx.Done():
		}
	}

	var u string
	select {
	case u = <-parser.URL:
	case <-exited:
		_ = kill()
		return nil, fmt.Errorf("launch chromium %s: %s", bin, exitedAtStart(parser.Buffer))
	case <-ctx.Done():
		_ = kill()
		return nil, fmt.Errorf("launch chromium %s: %w", bin, ctx.Err())
	case <-time.After(30 * time.Second):
		_ = kill()
		return nil, fmt.Errorf("launch chromium %s: no DevTools URL after 30s (is browser.bin a Chromium?): %s", bin, lastLine(parser.Buffer))
	}
	wsURL, err := launcher.ResolveURL(u)
	if err != nil {
		_ = kill()
		return nil, fmt.Errorf("launch chromium %s: %w", bin, err)
	}

	b := &Browser{Kind: KindLocal, Headless: opts.Headless, setup: setupTimeout(opts), pid: pgid}
	if browserGroup > 0 {
		b.pid = browserGroup
	}
	b.OnClose(kill)
	track(b)
	rb, lc, err := connectRod(ctx, wsURL, opts, nil)
	if err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("launch chromium %s: %w", bin, err)
	}
	b.Rod, b.live = rb, lc
	b.OnClose(func() error {
		// Ask politely first so Chromium flushes nothing half-written; the kill above follows.
		done := make(chan struct{})
		go func() {
			_ = rb.Close()
			close(done)
		}()
		select {
		case <-exited:
		case <-time.After(2 * time.Second):
		}
		return lc.Close()
	})
	return b, nil
}

// testHookBrowserStarted, when set by a test, runs right after the browser's process started.
var testHookBrowserStarted func()
