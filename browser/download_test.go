package browser

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDownloads: a download from the server (Content-Disposition) and ones the page makes (a
// blob:, a data: URL and an <a download>) each come with their suggested name, size and bytes,
// saved where asked; from a remote browser whose file this machine cannot read (removed here,
// as on a grid's node) the bytes come through the browser, but for a blob: URL already
// revoked; Wait waits for the end of a slow one; an action that downloads nothing fails.
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

		remote := c.Browser.Kind.Remote()
		if remote { // as if the browser ran on another machine: the bytes come through it
			require.NoError(t, os.Remove(dl.Path()))
			b, err = dl.Bytes(ctx)
			require.NoError(t, err)
			require.Equal(t, "title,year\nEmma,1815\n", string(b), "fetched again by the browser")
		}

		dl, err = downloads.Expect(ctx, p, 5*time.Second, click(p, "#blob"))
		require.NoError(t, err)
		require.Equal(t, "page.csv", dl.SuggestedName)
		require.Contains(t, dl.URL, "blob:")
		require.NoError(t, dl.Wait(ctx))
		if remote {
			require.NoError(t, os.Remove(dl.Path()))
		}
		b, err = dl.Bytes(ctx)
		require.NoError(t, err)
		require.Equal(t, "made,in\npage,1\n", string(b))

		dl, err = downloads.Expect(ctx, p, 5*time.Second, click(p, "#data"))
		require.NoError(t, err)
		require.NoError(t, dl.Wait(ctx))
		if remote {
			require.NoError(t, os.Remove(dl.Path()))
		}
		b, err = dl.Bytes(ctx)
		require.NoError(t, err)
		require.Equal(t, "note.txt hello data", dl.SuggestedName+" "+string(b))

		// A blob: URL the page revoked at once: the browser saved it, but it cannot be read again.
		dl, err = downloads.Expect(ctx, p, 5*time.Second, click(p, "#revoked"))
		require.NoError(t, err)
		require.NoError(t, dl.Wait(ctx))
		if remote {
			require.NoError(t, os.Remove(dl.Path()))
			_, err = dl.Bytes(ctx)
			require.ErrorContains(t, err, `download "gone.txt": the `+string(c.Browser.Kind)+` browser saved it on its own machine, at `+dl.Path()+`, and its page no longer has its blob: URL (revoked?): `)
		}

		// The server holds back half of it: the download has begun, not ended.
		dl, err = downloads.Expect(ctx, p, 5*time.Second, click(p, "#slow"))
		require.NoError(t, err)
		short, cancelShort := context.WithTimeout(ctx, 300*time.Millisecond)
		err = dl.Wait(short)
		cancelShort()
		require.ErrorContains(t, err, `download "slow.bin" from `+site+`/slow.bin: not complete: context deadline exceeded`)

		_, err = downloads.Expect(ctx, p, 500*time.Millisecond, nothing)
		require.EqualError(t, err, "expect a download: no download within 500ms")
	}, "selenium")
}
