package testenv

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// StartXvfb starts a virtual X display for headed tests and returns its DISPLAY value (":N").
// Xvfb picks a free display number itself; it is stopped when the test ends.
func StartXvfb(t testing.TB) string {
	t.Helper()
	bin := RequireCommand(t, "Xvfb", "apt-get install -y xvfb")
	r, w, err := os.Pipe()
	require.NoError(t, err)
	cmd := exec.Command(bin, "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	require.NoError(t, cmd.Start())
	_ = w.Close()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		require.NotEmpty(t, n, "Xvfb did not report its display")
		return ":" + n
	case <-time.After(30 * time.Second):
		t.Fatal("Xvfb did not start within 30s")
	}
	return ""
}

// XScreen is a screenshot of an X display.
type XScreen struct {
	Width, Height int
	pixels        []uint32 // 0xRRGGBB
}

// GrabX takes a screenshot of the whole X display with xwd (Debian x11-apps).
func GrabX(t testing.TB, display string) *XScreen {
	t.Helper()
	bin := RequireCommand(t, "xwd", "apt-get install -y x11-apps")
	cmd := exec.Command(bin, "-root", "-silent", "-display", display)
	out, err := cmd.Output()
	require.NoError(t, err)
	s, err := parseXWD(out)
	require.NoError(t, err)
	return s
}

// parseXWD reads a 24/32-bit ZPixmap XWD file, as xwd writes on a TrueColor display.
func parseXWD(b []byte) (*XScreen, error) {
	if len(b) < 100 {
		return nil, errors.New("xwd: short header")
	}
	f := func(i int) int { return int(binary.BigEndian.Uint32(b[i*4:])) }
	headerSize, format, width, height := f(0), f(2), f(4), f(5)
	byteOrder, bitsPerPixel, bytesPerLine, ncolors := f(7), f(11), f(12), f(19)
	if format != 2 || bitsPerPixel != 32 {
		return nil, fmt.Errorf("xwd: format %d with %d bits per pixel: want ZPixmap, 32", format, bitsPerPixel)
	}
	off := headerSize + ncolors*12
	if len(b) < off+bytesPerLine*height {
		return nil, errors.New("xwd: short pixel data")
	}
	s := &XScreen{Width: width, Height: height, pixels: make([]uint32, width*height)}
	for y := range height {
		row := b[off+y*bytesPerLine:]
		for x := range width {
			px := row[x*4 : x*4+4]
			var v uint32
			if byteOrder == 0 { // LSBFirst
				v = binary.LittleEndian.Uint32(px)
			} else {
				v = binary.BigEndian.Uint32(px)
			}
			s.pixels[y*width+x] = v & 0xFFFFFF
		}
	}
	return s, nil
}

// Colors returns how many distinct colours the screen shows: 1 for a blank display.
func (s *XScreen) Colors() int {
	seen := map[uint32]struct{}{}
	for _, p := range s.pixels {
		seen[p] = struct{}{}
	}
	return len(seen)
}
