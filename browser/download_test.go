package browser

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDownloads: a download from the server (Content-Disposition) and one the page makes (a
// blob and an <a download>) each come with their suggested name, size and bytes, saved where
// asked; Wait waits for the end of a slow one; an action that downloads nothing fails.
func TestDownloads(t *testing.T) {
	site := tabSite(t)
	onEachKind(t, func(t *testing.T, c *Context) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		dir := t.TempDir()
		downloads, err := c.Downloads(ctx, filepath.Join(dir, "browser"))
		require.NoError(t, err)
		defer downloads.Close()
		p := openTab(t, c, site+"/downloads")

		dl, err := downloads.Expect(ctx, p, 5*time.Second, click(p, "#csv"))
		require.NoError(t, err)
		require.Equal(t, "shelf export.csv", dl.SuggestedName)
		require.Equal(t, site+"/file.csv", dl.URL)
		b, err := dl.Bytes(ctx)
		require.NoError(t, err)
		require.Equal(t, "title,year\nEmma,1815\n", string(b))
		require.EqualValues(t, len(b), dl.Size())
		saved := filepath.Join(dir, "artifacts", "downloads", dl.SuggestedName)
		require.NoError(t, dl.SaveAs(ctx, saved))
		got, err := os.ReadFile(saved)
		require.NoError(t, err)
		require.Equal(t, b, got)

		if c.Browser.Kind == KindCDP { // as if the browser ran on another machine
			require.NoError(t, os.Remove(dl.Path()))
			_, err = dl.Bytes(ctx)
			require.EqualError(t, err, `download "shelf export.csv": the cdp browser saved it on its own machine, at `+dl.Path()+
				`, which this machine cannot read: run the browser where it shares this machine's file system`)
		}

		dl, err = downloads.Expect(ctx, p, 5*time.Second, click(p, "#blob"))
		require.NoError(t, err)
		require.Equal(t, "page.csv", dl.SuggestedName)
		require.Contains(t, dl.URL, "blob:")
		b, err = dl.Bytes(ctx)
		require.NoError(t, err)
		require.Equal(t, "made,in\npage,1\n", string(b))

		// The server holds back half of it: the download has begun, not ended.
		dl, err = downloads.Expect(ctx, p, 5*time.Second, click(p, "#slow"))
		require.NoError(t, err)
		short, cancelShort := context.WithTimeout(ctx, 300*time.Millisecond)
		err = dl.Wait(short)
		cancelShort()
		require.ErrorContains(t, err, `download "slow.bin" from `+site+`/slow.bin: not complete: context deadline exceeded`)

		_, err = downloads.Expect(ctx, p, 500*time.Millisecond, nothing)
		require.EqualError(t, err, "expect a download: no download within 500ms")
	})
}
