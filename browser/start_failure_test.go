package browser

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExitedAtStartSaysWhy reads what a browser printed before it died: Chromium's FATAL line
// wins over the noise its helper processes print after it.
func TestExitedAtStartSaysWhy(t *testing.T) {
	for _, c := range []struct{ name, out, want string }{
		{"not a browser", "", "it exited at start (is browser.bin a Chromium?): no output"},
		{"a wrapper's noise first", "/usr/bin/chromium: 9: [: unexpected operator\nerror while loading shared libraries: libnss3.so\n",
			"it exited at start (is browser.bin a Chromium?): error while loading shared libraries: libnss3.so"},
		{"fatal", "[1:1:1201/001240.648904:FATAL:chrome/browser/ui/startup.cc:10] Missing X server or $DISPLAY\n" +
			"[7:7:0100/000000.686128:ERROR:content/zygote/zygote_linux.cc:662] write: Broken pipe (32)\n",
			"it exited at start: Missing X server or $DISPLAY"},
		{"socket path", "[7595:7595:1201/001240.648904:FATAL:chrome/browser/process_singleton_posix.cc:315] Socket path too long: /x/org.chromium.Chromium.a/SingletonSocket.\n" +
			"[7615:7615:0100/000000.686128:ERROR:content/zygote/zygote_linux.cc:662] write: Broken pipe (32)\n",
			`it exited at start: TMPDIR "` + os.TempDir() + `" is too long for Chromium's Unix socket (Socket path too long: /x/org.chromium.Chromium.a/SingletonSocket): set TMPDIR to a shorter folder, such as /tmp`},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, exitedAtStart(c.out))
		})
	}
}
