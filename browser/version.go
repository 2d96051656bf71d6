package browser

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"time"
)

var versionLine = regexp.MustCompile(`(?m)^(?:Chromium|Google Chrome|Chrome)[^\n]*?\d+\.\d+\.\d+\.\d+`)

// Version returns what the browser bin says of its version ("Chromium 156.0.8078.114"), asked
// with --version within 10 seconds.
func Version(ctx context.Context, bin string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--version").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s --version: %w", bin, err)
	}
	if v := versionLine.Find(out); v != nil {
		return string(v), nil
	}
	return "", fmt.Errorf("%s --version: no version in %q", bin, strings.TrimSpace(string(out)))
}
