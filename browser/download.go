package browser

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Downloads lets a context's pages download files: the browser saves each one in Dir, named
// by its id, and reports its name and progress.
type Downloads struct {
	// Dir is where the browser saves the files (a path of the browser's machine).
	Dir string

	ctx   *Context
	local bool // the browser runs on this machine: Dir is ours to read
	stop  context.CancelFunc

	mu      sync.Mutex
	byGUID  map[string]*Download
	waiters []*downloadWaiter
}

// downloadWaiter is an Expect waiting for the next download of its page.
type downloadWaiter struct {
	page *rod.Page
	got  chan *Download
}

// Download is a file a page downloads.
type Download struct {
	// URL is where it comes from (http:, blob: or data:).
	URL string
	// SuggestedName is the file name the page or the server suggested.
	SuggestedName string
	// GUID is the browser's id of it, the name of its file in Downloads.Dir.
	GUID string

	frame proto.PageFrameID
	page  *rod.Page // the page that started it, once an Expect claimed it
	d     *Downloads
	done  chan struct{} // closed as it completes or is cancelled

	mu       sync.Mutex
	state    proto.BrowserDownloadProgressState
	received int64
}

// Downloads makes the context's downloads go to dir, which it creates, and reports them. On a
// remote browser dir is a path of the browser's machine (Chromium creates it); Download.Bytes
// reads a file there when this machine can, and through the browser otherwise. The call is
// bounded by the setup timeout.
func (c *Context) Downloads(ctx context.Context, dir string) (*Downloads, error) {
	local := !c.Browser.Kind.Remote()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("downloads: %w", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("downloads: %w", err)
	}
	sub, stop := context.WithCancel(context.Background())
	d := &Downloads{Dir: abs, ctx: c, local: local, stop: stop, byGUID: map[string]*Download{}}
	// Subscribed before downloads are allowed, so that none is missed.
	wait := c.Rod.Context(sub).EachEvent(d.begin, d.progress)
	err = c.Browser.bounded(ctx, "Browser.setDownloadBehavior", func(ctx context.Context) error {
		return proto.BrowserSetDownloadBehavior{
			Behavior: proto.BrowserSetDownloadBehaviorBehaviorAllowAndName, BrowserContextID: c.Rod.BrowserContextID,
			DownloadPath: abs, EventsEnabled: true,
		}.Call(c.Rod.Context(ctx))
	})
	if err != nil {
		stop()
		return nil, fmt.Errorf("downloads: %w", err)
	}
	go wait()
	return d, nil
}

// Close stops following the context's downloads.
func (d *Downloads) Close() { d.stop() }

func (d *Downloads) begin(e *proto.BrowserDownloadWillBegin) {
	dl := &Download{URL: e.URL, SuggestedName: e.SuggestedFilename, GUID: e.GUID, frame: e.FrameID, d: d, done: make(chan struct{})}
	d.mu.Lock()
	d.byGUID[e.GUID] = dl
	waiters := append([]*downloadWaiter(nil), d.waiters...)
	d.mu.Unlock()
	for _, w := range waiters {
		if d.claim(w, dl) {
			dl.page = w.page
			w.got <- dl
			return
		}
	}
}

// claim gives dl to w when it comes from w's page and w is still waiting.
func (d *Downloads) claim(w *downloadWaiter, dl *Download) bool {
	if !inPage(w.page, dl.frame, d.ctx.Browser.SetupTimeout()) {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for i, o := range d.waiters {
		if o == w {
			d.waiters = append(d.waiters[:i], d.waiters[i+1:]...)
			return true
		}
	}
	return false
}

func (d *Downloads) progress(e *proto.BrowserDownloadProgress) {
	d.mu.Lock()
	dl := d.byGUID[e.GUID]
	d.mu.Unlock()
	if dl == nil {
		return
	}
	dl.mu.Lock()
	defer dl.mu.Unlock()
	if dl.state == proto.BrowserDownloadProgressStateCompleted || dl.state == proto.BrowserDownloadProgressStateCanceled {
		return
	}
	dl.state, dl.received = e.State, int64(e.ReceivedBytes)
	if e.State != proto.BrowserDownloadProgressStateInProgress {
		close(dl.done)
	}
}

// inPage reports whether frame is p's main frame or one of its frames.
func inPage(p *rod.Page, frame proto.PageFrameID, setup time.Duration) bool {
	if frame == proto.PageFrameID(p.TargetID) {
		return true
	}
	tp := p.Timeout(setup)
	defer tp.CancelTimeout()
	tree, err := proto.PageGetFrameTree{}.Call(tp)
	if err != nil {
		return false
	}
	var walk func(t *proto.PageFrameTree) bool
	walk = func(t *proto.PageFrameTree) bool {
		if t.Frame.ID == frame {
			return true
		}
		for _, c := range t.ChildFrames {
			if walk(c) {
				return true
			}
		}
		return false
	}
	return walk(tree.FrameTree)
}

// Expect runs action, on the caller's goroutine, and returns the download p starts, in timeout
// from the action's end. It returns as the download begins; Wait, Bytes and SaveAs wait for it
// to end.
func (d *Downloads) Expect(ctx context.Context, p *rod.Page, timeout time.Duration, action func() error) (*Download, error) {
	w := &downloadWaiter{page: p, got: make(chan *Download, 1)}
	d.mu.Lock()
	d.waiters = append(d.waiters, w)
	d.mu.Unlock()
	defer func() { // an action that failed the flow ends it here too
		d.mu.Lock()
		defer d.mu.Unlock()
		for i, o := range d.waiters {
			if o == w {
				d.waiters = append(d.waiters[:i], d.waiters[i+1:]...)
				break
			}
		}
	}()
	dl, err := after(ctx, w.got, timeout, "download", action)
	if err != nil {
		return nil, fmt.Errorf("expect a download: %w", err)
	}
	return dl, nil
}

// ErrDownloadCanceled is the error of a download the browser or the page cancelled.
var ErrDownloadCanceled = errors.New("download cancelled")

// Wait waits, until ctx ends, for the download to complete.
func (dl *Download) Wait(ctx context.Context) error {
	select {
	case <-dl.done:
	case <-ctx.Done():
		return fmt.Errorf("download %q from %s: not complete: %w", dl.SuggestedName, dl.URL, context.Cause(ctx))
	}
	dl.mu.Lock()
	defer dl.mu.Unlock()
	if dl.state == proto.BrowserDownloadProgressStateCanceled {
		return fmt.Errorf("download %q from %s: %w", dl.SuggestedName, dl.URL, ErrDownloadCanceled)
	}
	return nil
}

// Size is how many bytes have been received: the file's size once complete.
func (dl *Download) Size() int64 {
	dl.mu.Lock()
	defer dl.mu.Unlock()
	return dl.received
}

// Path is where the browser saves the file, on its machine.
func (dl *Download) Path() string { return filepath.Join(dl.d.Dir, dl.GUID) }

// Bytes waits for the download to complete and returns the file's bytes. The file is on the
// browser's machine, read from here when that is this one (or shares its file system). A
// remote browser elsewhere (a grid's node) saved it where no CDP call reads it
// (Network.loadNetworkResource refuses file: URLs): the bytes then come through the browser
// from where they came from, see refetch.
func (dl *Download) Bytes(ctx context.Context) ([]byte, error) {
	if err := dl.Wait(ctx); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(dl.Path())
	if errors.Is(err, fs.ErrNotExist) && !dl.d.local {
		if b, err = dl.refetch(ctx); err != nil {
			return nil, fmt.Errorf("download %q: the %s browser saved it on its own machine, at %s, and %w", dl.SuggestedName, dl.d.ctx.Browser.Kind, dl.Path(), err)
		}
		return b, nil
	}
	if err != nil {
		return nil, fmt.Errorf("download %q: %w", dl.SuggestedName, err)
	}
	return b, nil
}

// SaveAs waits for the download to complete and copies its file to path.
func (dl *Download) SaveAs(ctx context.Context, path string) error {
	b, err := dl.Bytes(ctx)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("download %q: %w", dl.SuggestedName, err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("download %q: %w", dl.SuggestedName, err)
	}
	return nil
}
