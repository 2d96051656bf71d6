package route

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// maxErrorLen bounds a route's error: one line that quotes at most redact.MaxQuoted bytes of
// each value it echoes.
const maxErrorLen = 1200

// checkError fails unless err is nil or one bounded line.
func checkError(t *testing.T, err error) {
	t.Helper()
	if err != nil && (strings.Contains(err.Error(), "\n") || len(err.Error()) > maxErrorLen) {
		t.Fatalf("error is not one bounded line (%d bytes): %.2000q", len(err.Error()), err.Error())
	}
}

// FuzzRouteSpec feeds a route mapping of network.routes, as YAML (or JSON), to ParseRule: it
// must return a rule or an error of one bounded line, never panic.
func FuzzRouteSpec(f *testing.F) {
	for _, s := range []string{
		`{action: abort, method: GET, url: "/api/*", probability: 0.05, reason: failed}`,
		`{action: fulfil, url: "/api/favourites/*", status: 500, json: {error: down}}`,
		`{action: delay, url: "/api/**", delay: 2s, status: 503, body: x}`,
		`{action: continue, url: "/api/**", headers: {X-Debug: "1"}}`,
		`{action: modify, url: /api/products, merge: {items: []}}`,
		`{action: har, url: "/api/**", har: /nonexistent.har, not_found: fallback, update: false}`,
		`{action: abort, regexp: "/api/(", times: 1e20, probability: .nan}`,
		`{action: fulfil, url: "/{a", status: 1e300, file: /dev/zero}`,
		`{action: abort, resource_type: pdf, name: x}`,
		`{"action": "fulfil", "url": "/x", "status": "200", "times": "3"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		var m map[string]any
		if yaml.Unmarshal([]byte(spec), &m) != nil || m == nil {
			return
		}
		r, err := ParseRule(m)
		checkError(t, err)
		if err == nil {
			if _, err := compileRule(r); err != nil {
				t.Fatalf("ParseRule took a rule compileRule refuses: %v", err)
			}
		}
	})
}

// FuzzHARLoad feeds arbitrary HAR files to the replay's reader: it must return entries or an
// error of one bounded line, never panic, and never read a body from outside the HAR's folder.
func FuzzHARLoad(f *testing.F) {
	for _, s := range []string{
		`{"log":{"entries":[{"request":{"method":"GET","url":"http://h/a"},"response":{"status":200,"headers":[{"name":"Content-Type","value":"text/plain"}],"content":{"text":"hi"}}}]}}`,
		`{"log":{"entries":[{"request":{"method":"POST","url":"http://h/login","postData":{"text":"u=a&password=[REDACTED]"}},"response":{"status":302,"redirectURL":"/home","content":{}}}]}}`,
		`{"log":{"entries":[{"request":{"method":"GET","url":"http://h/b"},"response":{"status":200,"content":{"encoding":"base64","text":"aGk="}}}]}}`,
		`{"log":{"entries":[{"request":{"method":"GET","url":"http://h/c"},"response":{"status":200,"content":{"_file":"body.txt"}}}]}}`,
		`{"log":{"entries":[{"request":{"method":"GET","url":"http://h/d"},"response":{"status":200,"content":{"_file":"../outside.txt"}}}]}}`,
		`{"log":{"entries":[{"request":{"method":"GET","url":"http://h/e"},"response":{"status":200,"content":{"_file":"link.txt"}}}]}}`,
		`{"log":{"entries":[{"request":{"method":"GET","url":"http://h/f"},"response":{"status":200,"content":{"encoding":"base64","text":"%%%"}}}]}}`,
		`{"log":null}`, `[]`, `{"log":{"entries":[{}]}}`,
	} {
		f.Add([]byte(s))
	}
	parent := f.TempDir()
	dir := filepath.Join(parent, "har")
	for _, err := range []error{
		os.WriteFile(filepath.Join(parent, "outside.txt"), []byte("OUTSIDE-THE-FOLDER"), 0o644),
		os.Mkdir(dir, 0o755),
		os.WriteFile(filepath.Join(dir, "body.txt"), []byte("inside"), 0o644),
		os.Symlink(filepath.Join(parent, "outside.txt"), filepath.Join(dir, "link.txt")),
	} {
		if err != nil {
			f.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		f.Fatal(err)
	}
	defer root.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := parseHAR(data, root)
		checkError(t, err)
		if err != nil {
			return
		}
		rp := &harReplay{file: "fuzz.har", entries: entries, served: map[*replayEntry]int{}}
		for _, list := range entries.byKey {
			for _, e := range list {
				if bytes.Contains(e.body, []byte("OUTSIDE-THE-FOLDER")) {
					t.Fatalf("read a body from outside the HAR's folder: %q", data)
				}
				body := "a=1"
				if rp.lookup(e.method, e.url, &body) == nil && rp.lookup(e.method, e.url, nil) == nil && e.post == nil {
					t.Fatalf("an entry without a body is not served: %s %s", e.method, e.url)
				}
			}
		}
	})
}
