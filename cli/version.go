package cli

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/config"
)

// engineModule is e2e's module path.
const engineModule = "github.com/e2e-dev/e2e"

// versionText is what --version prints: the program's version and VCS revision from the build
// info, the engine's version when the program is a team's suite, and the Chromium it would
// launch (browser.bin of e2e.yaml or E2E_BROWSER_BIN, else the system's).
func (p *program) versionText() string {
	var b strings.Builder
	version, revision := p.version, ""
	info, ok := debug.ReadBuildInfo()
	if ok {
		if version == "" || version == "dev" {
			if v := info.Main.Version; v != "" && v != "(devel)" {
				version = v
			}
		}
		var modified bool
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if revision != "" && modified {
			revision += ", modified"
		}
	}
	fmt.Fprintf(&b, "%s %s", p.name, version)
	if ok && info.Main.Path != "" {
		fmt.Fprintf(&b, " (%s", info.Main.Path)
		if revision != "" {
			fmt.Fprintf(&b, ", revision %s", revision)
		}
		b.WriteString(")")
	}
	b.WriteString("\n")
	if ok && info.Main.Path != engineModule {
		for _, d := range info.Deps {
			if d.Path == engineModule {
				v := d.Version
				if d.Replace != nil {
					v += " => " + d.Replace.Path
				}
				fmt.Fprintf(&b, "engine %s %s\n", engineModule, v)
			}
		}
	}
	b.WriteString(chromiumLine() + "\n")
	return b.String()
}

// chromiumLine names the Chromium e2e run would launch and its version.
func chromiumLine() string {
	bin, headless := "", true
	if cfg, err := config.Load(config.LoadOptions{}); err == nil {
		bin, headless = cfg.Browser.Bin, cfg.Browser.Headless
		if cfg.Browser.Remote.Kind != "" {
			return "browser: remote (" + string(cfg.Browser.Remote.Kind) + "), its version is the remote's"
		}
	}
	path, err := browser.FindBrowser(bin, headless)
	if err != nil {
		return "chromium: " + oneLine(err.Error())
	}
	v, err := browser.Version(context.Background(), path)
	if err != nil {
		return "chromium: " + path + ": " + oneLine(err.Error())
	}
	return "chromium: " + v + " (" + path + ")"
}

// wantsVersion reports whether args ask for --version (cobra's flag, here printed by us).
func wantsVersion(args []string) bool {
	i := slices.Index(args, "--")
	if i >= 0 {
		args = args[:i]
	}
	return slices.Contains(args, "--version") || slices.Contains(args, "-v")
}
