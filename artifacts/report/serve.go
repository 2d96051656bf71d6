package report

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// reportWaitingPage is what the server answers for index.html before a run has written it.
const reportWaitingPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>e2e report: waiting</title></head>
<body style="font: 14px system-ui, sans-serif; margin: 2rem">
<h1 data-testid="report-waiting">No report here yet</h1>
<p>This folder has no index.html yet: a run may still be writing it. This page reloads every 2 seconds.</p>
</body></html>
`

// Handler serves the report folder dir: its files as they are on disk at each request
// (a run may be writing into the folder), never cached, and, while dir has no index.html yet, a
// page that waits for it.
func Handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if r.URL.Path == "/" || r.URL.Path == "/index.html" {
			if _, err := os.Stat(filepath.Join(dir, HTMLFile)); errors.Is(err, os.ErrNotExist) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				_, _ = w.Write([]byte(reportWaitingPage))
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}

// ServeReport serves the report folder dir on addr (a loopback address; "127.0.0.1:0" picks a
// free port) until ctx ends, and calls ready with the report's URL once it listens.
func ServeReport(ctx context.Context, dir, addr string, ready func(url string)) error {
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("report folder %s does not exist: run the flows first (e2e run --reporter html), or name the folder", dir)
	}
	if err != nil {
		return fmt.Errorf("report folder %s: %w", dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("report folder %s: not a folder", dir)
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %s: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("address %s: serve the report on a loopback address only, like 127.0.0.1:9323", addr)
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("serve the report: %w", err)
	}
	srv := &http.Server{Handler: Handler(dir), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if ready != nil {
		ready("http://" + ln.Addr().String() + "/")
	}
	select {
	case err := <-done:
		return fmt.Errorf("serve the report: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
	}
	return nil
}
