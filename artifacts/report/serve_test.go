package report_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

func TestServeReportWhileARunWritesIt(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- report.ServeReport(ctx, dir, "127.0.0.1:0", func(u string) { urls <- u }) }()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("not serving after 10s")
	}
	require.True(t, strings.HasPrefix(base, "http://127.0.0.1:"), base)
	get := func(path string) (int, string) {
		t.Helper()
		c := &http.Client{Timeout: 5 * time.Second}
		res, err := c.Get(base + path)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
		return res.StatusCode, string(b)
	}

	// No report yet: a page that waits for it.
	code, body := get("")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, `data-testid="report-waiting"`)

	// A run writes its report and a trace frame: served as they are now.
	r := reportShard1(t, dir)
	require.NoError(t, report.NewHTMLReporter(filepath.Join(dir, "index.html")).RunEnded(r))
	code, body = get("")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, `data-testid="report-summary"`)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "add-favourite", "trace"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "add-favourite", "trace", "0001.jpg"), []byte("frame"), 0o644))
	code, body = get("add-favourite/trace/0001.jpg")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "frame", body)
	res, err := (&http.Client{Timeout: 5 * time.Second}).Get(base + "../../etc/passwd")
	require.NoError(t, err)
	_ = res.Body.Close()
	require.NotEqual(t, http.StatusOK, res.StatusCode, "nothing outside the folder")

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "Ctrl-C stops it cleanly")
	case <-time.After(5 * time.Second):
		t.Fatal("still serving 5s after its context ended")
	}
}

func TestServeReportErrors(t *testing.T) {
	ctx := context.Background()
	err := report.ServeReport(ctx, filepath.Join(t.TempDir(), "none"), "127.0.0.1:0", nil)
	require.ErrorContains(t, err, "does not exist: run the flows first")
	err = report.ServeReport(ctx, t.TempDir(), "0.0.0.0:0", nil)
	require.ErrorContains(t, err, "loopback address only")
}
