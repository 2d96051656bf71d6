package browser

import (
	"fmt"
	"os"
	"strings"
)

// exitedAtStart says why a browser died before it printed its DevTools URL, from what it
// printed: Chromium's FATAL line when there is one (its helper processes' noise follows it), with
// how to fix the causes a user can meet, else the last line.
func exitedAtStart(out string) string {
	fatal := fatalLine(out)
	switch {
	case strings.HasPrefix(fatal, "Socket path too long"):
		return fmt.Sprintf("it exited at start: TMPDIR %q is too long for Chromium's Unix socket (%s): set TMPDIR to a shorter folder, such as /tmp", os.TempDir(), strings.TrimSuffix(fatal, "."))
	case fatal != "":
		return "it exited at start: " + fatal
	}
	return "it exited at start (is browser.bin a Chromium?): " + lastLine(out)
}

// fatalLine returns the message of the first line Chromium logged at FATAL level
// ("[pid:tid:date:FATAL:file.cc:315] message"), or "".
func fatalLine(out string) string {
	for _, l := range strings.Split(out, "\n") {
		i := strings.Index(l, ":FATAL:")
		if i < 0 {
			continue
		}
		if j := strings.Index(l[i:], "] "); j >= 0 {
			return strings.TrimSpace(l[i+j+2:])
		}
	}
	return ""
}

// lastLine returns the last line a browser printed before it died, the one that usually says
// why (the first can be a wrapper script's noise).
func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[i+1:])
	}
	if s == "" {
		return "no output"
	}
	return s
}
