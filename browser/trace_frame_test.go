package browser

import (
	"bytes"
	"context"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"
)

// traceFormPage is a login form with a password typed into it, a password shown as text by a
// "show password" toggle (autocomplete=current-password), and a plain field.
const traceFormPage = `<!doctype html><html><body style="margin:0;background:#fff">
<form style="padding:40px"><input name="user" value="alice" style="display:block;width:300px;height:40px;font-size:24px">
<input name="password" type="password" style="display:block;width:300px;height:40px;font-size:24px">
<input name="shown" type="text" autocomplete="current-password" value="hunter2-shown" style="display:block;width:300px;height:40px;font-size:24px"></form>
</body></html>`

// traceFramePage opens traceFormPage in a fresh tab and types a password into it.
func traceFramePage(t testing.TB) *rod.Page {
	t.Helper()
	_, p := openHTMLPage(t, traceFormPage)
	require.NoError(t, p.MustElement(`[name=password]`).Input("hunter2-typed"))
	return p
}

// openHTMLPage serves html on a test server and opens it, loaded, in a fresh incognito tab of a
// headless browser of its own.
func openHTMLPage(t testing.TB, html string) (*Browser, *rod.Page) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(html))
	}))
	t.Cleanup(srv.Close)
	b := netTestBrowser(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	inc, err := b.Rod.Context(ctx).Incognito()
	require.NoError(t, err)
	p, err := inc.Page(proto.TargetCreateTarget{URL: srv.URL})
	require.NoError(t, err)
	require.NoError(t, p.WaitLoad())
	return b, p
}

func TestCaptureFrameMasksPasswords(t *testing.T) {
	p := traceFramePage(t)
	// The masks are on the page while the capture is taken: a frame taken by a second capture
	// between Mask and Unmask shows them, and none is left after.
	m, err := Mask(p, "")
	require.NoError(t, err)
	require.Len(t, m.Boxes, 2, "the password field and the shown one")
	n, err := p.Eval(`() => document.querySelectorAll("[data-e2e-mask]").length`)
	require.NoError(t, err)
	require.Equal(t, 2, n.Value.Int())
	Unmask(p, m)

	f, err := CaptureFrame(p, FrameOptions{MaxWidth: 640, Quality: 50})
	require.NoError(t, err)
	require.Len(t, f.Masked.Boxes, 2)
	img, err := jpeg.Decode(bytes.NewReader(f.JPEG))
	require.NoError(t, err)
	require.Equal(t, 640, img.Bounds().Dx())
	require.Equal(t, f.Width, img.Bounds().Dx())
	scale := float64(f.Width) / f.Masked.Width
	for _, box := range f.Masked.Boxes {
		for y := int(box[1]*scale) + 2; y < int((box[1]+box[3])*scale)-2; y++ {
			for x := int(box[0]*scale) + 2; x < int((box[0]+box[2])*scale)-2; x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				require.True(t, r>>8 > 200 && g>>8 < 70 && b>>8 > 200, "pixel (%d,%d) of mask %v is rgb(%d,%d,%d)", x, y, box, r>>8, g>>8, b>>8)
			}
		}
	}
	left, err := p.Eval(`() => document.querySelectorAll("[data-e2e-mask]").length`)
	require.NoError(t, err)
	require.Zero(t, left.Value.Int(), "the masks are removed after the capture")
	v, err := p.Eval(`() => document.querySelector("[name=password]").value`)
	require.NoError(t, err)
	require.Equal(t, "hunter2-typed", v.Value.Str(), "the page is left as it was")
}

// BenchmarkFrameCapture measures what one trace frame costs the flow that waits for it: a
// capture through Page.captureScreenshot, masks included, against the wait for the next
// screencast frame after a change (Page.startScreencast), the other way DevTools offers:
//
//	go test ./browser -run '^$' -bench FrameCapture -benchtime 40x
func BenchmarkFrameCapture(b *testing.B) {
	p := traceFramePage(b)
	change := func(i int) {
		_, err := p.Eval(`(i) => { document.body.style.background = i % 2 ? "#fff" : "#eee" }`, i)
		require.NoError(b, err)
	}
	b.Run("capture", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			change(i)
			_, err := CaptureFrame(p, FrameOptions{MaxWidth: 800, Quality: 50})
			require.NoError(b, err)
		}
	})
	b.Run("screencast", func(b *testing.B) {
		frames := make(chan *proto.PageScreencastFrame, 16)
		stop := p.EachEvent(func(e *proto.PageScreencastFrame) {
			_ = proto.PageScreencastFrameAck{SessionID: e.SessionID}.Call(p)
			frames <- e
		})
		go stop()
		q := 50
		require.NoError(b, proto.PageStartScreencast{Format: proto.PageStartScreencastFormatJpeg, Quality: &q, MaxWidth: ptr(800), MaxHeight: ptr(600)}.Call(p))
		defer func() { _ = proto.PageStopScreencast{}.Call(p) }()
		<-frames
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			change(i)
			select {
			case <-frames:
			case <-time.After(5 * time.Second):
				b.Fatal("no screencast frame after a change")
			}
		}
	})
}

func ptr(i int) *int { return &i }

func TestCapturerMasksPasswordsInEveryFrame(t *testing.T) {
	p := traceFramePage(t)
	res, err := p.Eval(`() => [...document.querySelectorAll("input[type=password], [autocomplete=current-password]")]
		.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height] })`)
	require.NoError(t, err)
	var boxes [][4]float64
	require.NoError(t, res.Value.Unmarshal(&boxes))
	require.Len(t, boxes, 2)

	var mu sync.Mutex
	var frames []TimedFrame
	var errs []error
	require.NoError(t, MaskFields(p, ""))
	c := StartCapturer(p, FrameOptions{MaxWidth: 640, Quality: 50}, CaptureOptions{Timeout: 10 * time.Second}, func(f TimedFrame) {
		mu.Lock()
		frames = append(frames, f)
		mu.Unlock()
	}, func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	})
	// Type a known password one key at a time, asking for a frame after each key, as a trace
	// does after each action: the flow never waits for them.
	field := p.MustElement(`[name=password]`)
	for _, ch := range "s3cret-typed" {
		require.NoError(t, field.Input(string(ch)))
		c.Request()
	}
	require.True(t, c.Flush(10*time.Second), "the captures asked for ended")
	c.Stop()
	mu.Lock()
	defer mu.Unlock()
	require.Empty(t, errs)
	require.NotEmpty(t, frames, "frames were captured while typing")
	for n, f := range frames {
		img, err := jpeg.Decode(bytes.NewReader(f.JPEG))
		require.NoError(t, err)
		require.Equal(t, 640, img.Bounds().Dx(), "frames are scaled to the widest asked for")
		require.Equal(t, f.Width, img.Bounds().Dx())
		scale := float64(f.Width) / f.Masked.Width
		for _, box := range boxes {
			for y := int(box[1]*scale) + 4; y < int((box[1]+box[3])*scale)-4; y++ {
				for x := int(box[0]*scale) + 4; x < int((box[0]+box[2])*scale)-4; x++ {
					r, g, b, _ := img.At(x, y).RGBA()
					require.True(t, r>>8 >= 180 && g>>8 <= 130 && b>>8 >= 150,
						"frame %d: pixel (%d,%d) of field %v is rgb(%d,%d,%d), not masked", n, x, y, box, r>>8, g>>8, b>>8)
				}
			}
		}
	}
}

// TestCapturerPacesAndServesEveryRequest asks for frames faster than the capturer may take them
// (Every): the requests made during its pause are served together by one capture that begins
// after the last of them, and Flush returns once that capture has ended.
func TestCapturerPacesAndServesEveryRequest(t *testing.T) {
	p := traceFramePage(t)
	var mu sync.Mutex
	var frames []TimedFrame
	const every = 300 * time.Millisecond
	first := make(chan struct{}, 1)
	started := time.Now()
	c := StartCapturer(p, FrameOptions{MaxWidth: 320, Quality: 50}, CaptureOptions{Timeout: 10 * time.Second, Every: every, First: every},
		func(f TimedFrame) {
			mu.Lock()
			frames = append(frames, f)
			mu.Unlock()
			select {
			case first <- struct{}{}:
			default:
			}
		}, func(err error) { t.Errorf("capture: %v", err) })
	t.Cleanup(c.Stop)

	c.Request() // not flushed: the first capture waits its turn too
	select {
	case <-first:
	case <-time.After(10 * time.Second):
		t.Fatal("no first capture")
	}
	require.True(t, c.Flush(10*time.Second))
	mu.Lock()
	require.GreaterOrEqual(t, frames[0].At.Sub(started), every, "the first capture begins no sooner than First")
	mu.Unlock()
	var last time.Time
	for i := 0; i < 5; i++ { // five requests in quick succession, after the first capture
		last = time.Now()
		c.Request()
	}
	require.True(t, c.Flush(10*time.Second), "the captures asked for ended")

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, frames, 2, "the five quick requests share one capture")
	require.True(t, frames[1].At.After(last), "the shared capture began after the last request")
	require.NotEmpty(t, frames[1].JPEG)
	require.Equal(t, 320, frames[1].Width)
}
