package visual

import (
	"context"
	"errors"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// shots is a Shooter that returns its images in turn (the last one again and again) and
// records the waits it was asked for.
type shots struct {
	imgs  [][]byte
	waits []time.Duration
}

func (s *shots) shoot(ctx context.Context, wait time.Duration) ([]byte, error) {
	s.waits = append(s.waits, wait)
	i := min(len(s.waits)-1, len(s.imgs)-1)
	return s.imgs[i], ctx.Err()
}

// square is a 20x20 white PNG with a black square at x.
func square(x int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 20, 20))
	for i := 0; i < len(img.Pix); i++ {
		img.Pix[i] = 255
	}
	for yy := 5; yy < 10; yy++ {
		for xx := x; xx < x+5; xx++ {
			img.SetNRGBA(xx, yy, color.NRGBA{0, 0, 0, 255})
		}
	}
	return encode(img)
}

func TestCheckMissingBaseline(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "suite", "flow", "card-linux.png")
	ctx := context.Background()

	o, err := Check{Baseline: base, Update: UpdateNone}.Run(ctx, (&shots{imgs: [][]byte{square(1)}}).shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictMissing, o.Verdict)
	require.False(t, o.Pass())
	require.Equal(t, "no baseline at "+base+": run with --update-snapshots missing (or all) to write it", o.Message)
	require.NoFileExists(t, base)

	// missing: two screenshots the same (the page moved once before), written, and the flow fails.
	s := &shots{imgs: [][]byte{square(1), square(2), square(2)}}
	o, err = Check{Baseline: base, Update: UpdateMissing}.Run(ctx, s.shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictWritten, o.Verdict)
	require.False(t, o.Pass())
	require.Equal(t, "no baseline at "+base+": wrote the screenshot there; check it, keep it with the suite, and run again", o.Message)
	require.Equal(t, []time.Duration{0, 100 * time.Millisecond, 250 * time.Millisecond}, s.waits)
	got, err := os.ReadFile(base)
	require.NoError(t, err)
	require.Equal(t, square(2), got)

	// A negated check without a baseline passes and writes none.
	o, err = Check{Baseline: filepath.Join(dir, "other.png"), Update: UpdateMissing, Not: true}.Run(ctx, s.shoot)
	require.NoError(t, err)
	require.True(t, o.Pass())
	require.NoFileExists(t, filepath.Join(dir, "other.png"))
}

func TestCheckAgainstBaseline(t *testing.T) {
	base := filepath.Join(t.TempDir(), "card.png")
	require.NoError(t, os.WriteFile(base, square(1), 0o644))
	ctx := context.Background()

	s := &shots{imgs: [][]byte{square(1)}}
	o, err := Check{Baseline: base, Update: UpdateMissing}.Run(ctx, s.shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictMatched, o.Verdict)
	require.Len(t, s.waits, 1, "the first screenshot matched: no second one")

	// The square moved: the capture is stable after two, and differs from the baseline.
	s = &shots{imgs: [][]byte{square(4)}}
	o, err = Check{Baseline: base, Update: UpdateMissing}.Run(ctx, s.shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictMismatch, o.Verdict)
	require.Equal(t, "the screenshot differs from "+base+": 30 pixels (ratio 0.08 of all image pixels) are different", o.Message)
	require.Len(t, s.waits, 2)
	require.Equal(t, square(1), o.Expected)
	require.Equal(t, square(4), o.Actual)
	diff, err := decode(o.Diff)
	require.NoError(t, err)
	require.Equal(t, color.NRGBA{255, 0, 0, 255}, diff.NRGBAAt(2, 6), "the pixels the square left")

	// Within MaxDiffPixels it matches; negated, it fails.
	o, err = Check{Baseline: base, Tolerance: Tolerance{MaxDiffPixels: 30}}.Run(ctx, (&shots{imgs: [][]byte{square(4)}}).shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictMatched, o.Verdict)
	o, err = Check{Baseline: base, Not: true}.Run(ctx, (&shots{imgs: [][]byte{square(1)}}).shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictSame, o.Verdict)
	require.Equal(t, "expected the screenshot to differ from "+base+", it matched", o.Message)
	o, err = Check{Baseline: base, Not: true}.Run(ctx, (&shots{imgs: [][]byte{square(4)}}).shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictDiffers, o.Verdict)

	// all: a differing baseline is written again and the check passes; an equal one is left.
	o, err = Check{Baseline: base, Update: UpdateAll}.Run(ctx, (&shots{imgs: [][]byte{square(4)}}).shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictUpdated, o.Verdict)
	require.True(t, o.Pass())
	got, _ := os.ReadFile(base)
	require.Equal(t, square(4), got)
	o, err = Check{Baseline: base, Update: UpdateAll}.Run(ctx, (&shots{imgs: [][]byte{square(4)}}).shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictMatched, o.Verdict)
}

// changed writes a baseline the screenshot fails, and keeps one it matches within the
// tolerance, which all writes again.
func TestCheckUpdateChanged(t *testing.T) {
	base := filepath.Join(t.TempDir(), "card.png")
	require.NoError(t, os.WriteFile(base, square(1), 0o644))
	ctx := context.Background()
	loose := Tolerance{MaxDiffPixels: 30} // the square moving 3 pixels: 30 pixels differ

	o, err := Check{Baseline: base, Update: UpdateChanged, Tolerance: loose}.Run(ctx, (&shots{imgs: [][]byte{square(4)}}).shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictMatched, o.Verdict)
	got, _ := os.ReadFile(base)
	require.Equal(t, square(1), got, "within the tolerance: kept")

	o, err = Check{Baseline: base, Update: UpdateChanged}.Run(ctx, (&shots{imgs: [][]byte{square(4)}}).shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictUpdated, o.Verdict)
	require.True(t, o.Pass())
	require.Equal(t, "wrote "+base+" (--update-snapshots changed): 30 pixels (ratio 0.08 of all image pixels) are different", o.Message)
	got, _ = os.ReadFile(base)
	require.Equal(t, square(4), got, "beyond the tolerance: written")

	o, err = Check{Baseline: base, Update: UpdateAll, Tolerance: loose}.Run(ctx, (&shots{imgs: [][]byte{square(1)}}).shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictUpdated, o.Verdict, "all writes it within the tolerance too")
	got, _ = os.ReadFile(base)
	require.Equal(t, square(1), got)

	missing := filepath.Join(t.TempDir(), "new.png")
	o, err = Check{Baseline: missing, Update: UpdateChanged}.Run(ctx, (&shots{imgs: [][]byte{square(2)}}).shoot)
	require.NoError(t, err)
	require.Equal(t, VerdictUpdated, o.Verdict)
	require.Equal(t, "wrote the missing baseline "+missing+" (--update-snapshots changed)", o.Message)
	require.FileExists(t, missing)
}

func TestCheckUnstable(t *testing.T) {
	base := filepath.Join(t.TempDir(), "card.png")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	n := 0
	moving := func(ctx context.Context, wait time.Duration) ([]byte, error) {
		n++
		if n > 2 {
			<-ctx.Done() // a slow page: the time runs out
			return nil, ctx.Err()
		}
		return square(n * 3), nil
	}
	o, err := Check{Baseline: base, Update: UpdateMissing}.Run(ctx, moving)
	require.NoError(t, err)
	require.Equal(t, VerdictUnstable, o.Verdict)
	require.Equal(t, "failed to take two consecutive stable screenshots (an animation, a caret or content still changing?)", o.Message)
	require.Equal(t, square(6), o.Actual)
	require.Equal(t, square(3), o.Previous)
	require.NotNil(t, o.Diff)
	require.NoFileExists(t, base)

	// Screenshots that keep failing give up with the error.
	_, err = Check{Baseline: base}.Run(context.Background(), func(context.Context, time.Duration) ([]byte, error) {
		return nil, errors.New("no viewport")
	})
	require.EqualError(t, err, "screenshot: no viewport")
}

func TestKeyPath(t *testing.T) {
	k := Key{Suite: "shop", Flow: "Catalogue › looks right", Name: "product card.png", Project: "Desktop Chrome", Platform: "linux"}
	require.Equal(t, filepath.Join("snaps", "shop", "Catalogue-looks-right", "product-card-Desktop-Chrome-linux.png"), k.Path("snaps", ".png"))
	k.Project = ""
	require.Equal(t, filepath.Join("snaps", "shop", "Catalogue-looks-right", "product-card-linux.aria.yml"), k.Path("snaps", ".aria.yml"))
	require.NoError(t, k.Validate())
	require.EqualError(t, Key{Name: "*.png"}.Validate(), `the name "*.png" has no letter or digit: give the check a name such as "catalogue"`)
	require.True(t, UpdateMissing.Valid())
	require.False(t, Update("some").Valid())
}
