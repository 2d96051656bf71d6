package route

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// Limits of the files a route reads: far beyond a real HAR or body, and they keep a device or
// a typo from being read forever.
const (
	maxHARSize  = 1 << 30
	maxBodySize = 256 << 20
)

// harEntries are the exchanges of a HAR file that can be replayed, by method and URL.
type harEntries struct {
	byKey map[string][]*replayEntry
}

// harCache holds the HAR files this process read, by path, as long as their size and time of
// modification stay: a HAR route is checked when the configuration loads and added to every
// flow's router, and a 10,000-entry file read each time cost a run seconds per flow.
var harCache = struct {
	sync.Mutex
	files map[string]cachedHAR
}{files: map[string]cachedHAR{}}

// maxCachedHARs bounds the cache: a run has a few HAR routes.
const maxCachedHARs = 16

type cachedHAR struct {
	size    int64
	mod     time.Time
	entries *harEntries
}

// harReads counts the HAR files parsed, for the tests.
var harReads atomic.Int64

// loadHAR returns the replayable exchanges of a HAR file, read once while the file is
// unchanged. Its errors are one line naming the file.
func loadHAR(path string) (*harEntries, error) {
	shown := redact.Bound(path, redact.MaxQuoted)
	f, st, err := openRegular(path, maxHARSize)
	if err != nil {
		return nil, fmt.Errorf("har: %w", err)
	}
	defer f.Close()
	key, err := filepath.Abs(path)
	if err != nil {
		key = path
	}
	harCache.Lock()
	c, ok := harCache.files[key]
	harCache.Unlock()
	if ok && c.size == st.Size() && c.mod.Equal(st.ModTime()) {
		return c.entries, nil
	}
	data, err := io.ReadAll(io.LimitReader(f, maxHARSize))
	if err != nil {
		return nil, fmt.Errorf("har %s: %w", shown, err)
	}
	root, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("har %s: %w", shown, err)
	}
	defer root.Close()
	entries, err := parseHAR(data, root)
	if err != nil {
		return nil, fmt.Errorf("har %s: %w", shown, err)
	}
	harCache.Lock()
	defer harCache.Unlock()
	if len(harCache.files) >= maxCachedHARs {
		for k := range harCache.files { // any one: a run has far fewer
			delete(harCache.files, k)
			break
		}
	}
	harCache.files[key] = cachedHAR{size: st.Size(), mod: st.ModTime(), entries: entries}
	return entries, nil
}

// readRegular reads a regular file of at most limit bytes.
func readRegular(path string, limit int64) ([]byte, error) {
	f, _, err := openRegular(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// openRegular opens a regular file of at most limit bytes: a device (/dev/zero) or a pipe
// would be read forever.
func openRegular(path string, limit int64) (*os.File, os.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	switch {
	case err != nil:
	case !st.Mode().IsRegular():
		err = fmt.Errorf("%s: not a regular file", redact.Bound(path, redact.MaxQuoted))
	case st.Size() > limit:
		err = fmt.Errorf("%s: larger than %d MiB", redact.Bound(path, redact.MaxQuoted), limit>>20)
	}
	if err != nil {
		_ = f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// harFile is what replay reads of a HAR: the fields every writer fills.
type harFile struct {
	Log *struct {
		Entries []struct {
			Request struct {
				Method   string `json:"method"`
				URL      string `json:"url"`
				PostData *struct {
					Text string `json:"text"`
				} `json:"postData"`
			} `json:"request"`
			Response struct {
				Status  int `json:"status"`
				Headers []struct {
					Name  string `json:"name"`
					Value string `json:"value"`
				} `json:"headers"`
				Content struct {
					Text     string `json:"text"`
					Encoding string `json:"encoding"`
					File     string `json:"_file"` // Playwright's content: "attach"
				} `json:"content"`
				RedirectURL string `json:"redirectURL"`
			} `json:"response"`
		} `json:"entries"`
	} `json:"log"`
}

// parseHAR reads the exchanges of a HAR that can be replayed (those that got a response); the
// bodies of Playwright's attached entries (_file) are read from dir, the HAR's folder, and
// from nowhere else.
func parseHAR(data []byte, dir *os.Root) (*harEntries, error) {
	harReads.Add(1)
	var f harFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("not a HAR file: %s", redact.Bound(err.Error(), redact.MaxQuoted))
	}
	if f.Log == nil {
		return nil, fmt.Errorf("not a HAR file: no log object")
	}
	out := &harEntries{byKey: map[string][]*replayEntry{}}
	for i, e := range f.Log.Entries {
		if e.Response.Status == 0 || e.Request.URL == "" {
			continue // failed or still pending when recorded
		}
		u, _, _ := strings.Cut(e.Request.URL, "#")
		re := &replayEntry{method: strings.ToUpper(e.Request.Method), url: u, status: e.Response.Status}
		if pd := e.Request.PostData; pd != nil {
			re.post = placeholderPattern(pd.Text)
		}
		hasLocation := false
		for _, h := range e.Response.Headers {
			switch n := strings.ToLower(h.Name); {
			case strings.HasPrefix(n, ":"), n == "content-length", n == "content-encoding", n == "transfer-encoding":
				continue
			case n == "location":
				hasLocation = true
			}
			re.headers = append(re.headers, &proto.FetchHeaderEntry{Name: h.Name, Value: h.Value})
		}
		if !hasLocation && e.Response.RedirectURL != "" {
			re.headers = append(re.headers, &proto.FetchHeaderEntry{Name: "Location", Value: e.Response.RedirectURL})
		}
		c := e.Response.Content
		switch {
		case c.File != "":
			b, err := readAttached(dir, c.File)
			if err != nil {
				return nil, fmt.Errorf("entry %d: %w", i+1, err)
			}
			re.body = b
		case c.Encoding == "base64":
			b, err := base64.StdEncoding.DecodeString(c.Text)
			if err != nil {
				return nil, fmt.Errorf("entry %d: content is not base64: %s", i+1, redact.Bound(err.Error(), redact.MaxQuoted))
			}
			re.body = b
		default:
			re.body = []byte(c.Text)
		}
		k := re.method + " " + re.url
		out.byKey[k] = append(out.byKey[k], re)
	}
	return out, nil
}

// readAttached reads an entry's _file inside dir: a path that leaves it (../, an absolute
// path, a symbolic link out) is refused.
func readAttached(dir *os.Root, name string) ([]byte, error) {
	outside := fmt.Errorf("_file %s is outside the HAR's folder: keep the bodies beside the HAR file", redact.Quote(name))
	if !filepath.IsLocal(name) {
		return nil, outside
	}
	f, err := dir.Open(name)
	if err != nil {
		if strings.Contains(err.Error(), "escapes from parent") {
			return nil, outside
		}
		return nil, fmt.Errorf("_file %s: %w", redact.Quote(name), unwrapPath(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > maxBodySize {
		return nil, fmt.Errorf("_file %s: not a regular file of at most %d MiB", redact.Quote(name), maxBodySize>>20)
	}
	return io.ReadAll(io.LimitReader(f, maxBodySize))
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
