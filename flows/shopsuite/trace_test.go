package shopsuite

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// TestTraceOfAFailingFlow fails a flow that signed up and logged in (typing a known password)
// on a text that never shows, then checks its trace on disk and as the HTML report draws it in
// real Chromium.
func TestTraceOfAFailingFlow(t *testing.T) {
	srv := fixture.NewTestShop(t)
	db, err := backend.OpenDB("sqlite", srv.Shop().DBPath())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })

	var password string
	failing := flows.Flow{Name: "wrong user shown", Run: func(f *flows.F) {
		a, _ := signUpAndLogIn(f)
		password = a.Password
		f.NoError(ui(f).Catalog().Open())
		f.Step("check the user shown", func() {
			f.NoError(f.UI.WaitText("nav", "nav-user", "somebody else"))
		})
	}}
	dir := t.TempDir()
	rep, err := flows.Run(context.Background(), flows.Options{
		Flows: []flows.Flow{failing}, BeforeEach: Suite().BeforeEach, Workers: 1,
		Browser: browser.Options{Headless: true}, ArtifactsDir: dir,
		Env: flows.Env{BaseURL: srv.URL, DB: db, MaxBody: 1 << 20, Redact: &redact.RedactOptions{},
			ActionTimeout: time.Second},
	})
	require.NoError(t, err)
	require.NotEmpty(t, password)
	at := rep.Flows[0].Attempts[0]
	require.Equal(t, report.StatusFailed, at.Status)
	require.Contains(t, at.Artifacts, report.ArtifactTrace, "retain-on-failure is the default")
	tr, err := report.ReadTrace(filepath.Join(dir, at.Artifacts[report.ArtifactTrace]))
	require.NoError(t, err)
	require.Empty(t, tr.Notes)
	require.Len(t, tr.Steps, len(at.Steps))
	adir := filepath.Join(dir, at.Dir)

	t.Run("a frame after each page action, passwords masked in every one", func(t *testing.T) {
		actions, masked := 0, 0
		for _, s := range at.Steps {
			if strings.Contains(s.Name, " page: ") && !strings.Contains(s.Name, "sign up as") && !strings.Contains(s.Name, "log in as") && !strings.Contains(s.Name, "fill the form") {
				actions++
			}
		}
		require.GreaterOrEqual(t, len(tr.Frames), actions-1, "about one frame per action")
		for _, fr := range tr.Frames {
			b, err := os.ReadFile(filepath.Join(adir, fr.File))
			require.NoError(t, err)
			img, err := jpeg.Decode(bytes.NewReader(b))
			require.NoError(t, err, fr.File)
			require.Equal(t, fr.Width, img.Bounds().Dx())
			require.LessOrEqual(t, fr.Width, flows.TraceFrameWidth)
			name := at.Steps[fr.Step].Name
			if strings.Contains(name, `fill "password"`) || strings.Contains(name, `fill "password_confirm"`) {
				require.NotEmpty(t, fr.Masks, "frame after %q has its password field masked", name)
			}
			for _, m := range fr.Masks {
				masked++
				requireMagenta(t, img, fr, m)
			}
		}
		require.Positive(t, masked)
		for _, f := range []string{report.ArtifactTrace} {
			b, err := os.ReadFile(filepath.Join(dir, at.Artifacts[f]))
			require.NoError(t, err)
			require.NotContains(t, string(b), password)
		}
	})

	t.Run("the failing action's DOM with its target marked", func(t *testing.T) {
		require.NotNil(t, tr.Failure)
		require.Equal(t, `[data-testid="nav-user"]`, tr.Failure.Selector)
		require.NotNil(t, tr.Failure.Target)
		require.Contains(t, at.Steps[tr.Failure.Step].Name, `wait for "nav-user" to read "somebody else"`)
		require.Equal(t, len(tr.Frames)-1, tr.Failure.Frame)
		dom, err := os.ReadFile(filepath.Join(adir, tr.Failure.DOM))
		require.NoError(t, err)
		require.Contains(t, string(dom), `data-e2e-target=""`)
		require.Equal(t, 1, strings.Count(string(dom), "data-e2e-target"))
	})

	t.Run("the HTML report draws the timeline", func(t *testing.T) {
		index := filepath.Join(dir, "index.html")
		require.NoError(t, report.NewHTMLReporter(index).RunEnded(rep))
		s := traceReportSession(t)
		r := s.Report()
		require.NoError(t, r.OpenFile(index))
		require.NoError(t, r.Expand("wrong user shown"))

		steps, err := r.Timeline("wrong user shown")
		require.NoError(t, err)
		var names []string
		for _, st := range at.Steps {
			if st.Depth == 0 {
				names = append(names, st.Name)
			}
		}
		require.Len(t, steps, len(names))
		for i, st := range steps {
			require.Equal(t, names[i], st.Name)
			if st.Frame >= 0 {
				require.True(t, st.ThumbLoaded, "thumbnail of %q loads", st.Name)
			}
		}
		last := steps[len(steps)-1]
		require.Equal(t, "FAIL", last.Status)
		require.True(t, last.Selected, "the failing step shows first")
		for i, st := range steps {
			shot, err := r.ShowStep("wrong user shown", i)
			require.NoError(t, err)
			if st.Frame < 0 {
				continue
			}
			require.Equal(t, st.Frame, shot.Frame, "step %q shows its own frame", st.Name)
			require.True(t, shot.Visible)
			require.Equal(t, tr.Frames[st.Frame].Width, shot.Width, "full size")
		}
		outlined, err := r.FailureTarget("wrong user shown")
		require.NoError(t, err)
		require.True(t, outlined)

		bars, err := r.Waterfall("wrong user shown")
		require.NoError(t, err)
		requireWaterfall(t, filepath.Join(dir, at.Artifacts[report.ArtifactHAR]), bars)
	})
}

// requireMagenta checks that the mask m of frame fr is painted in the mask colour in img.
func requireMagenta(t *testing.T, img image.Image, fr report.TraceFrame, m [4]float64) {
	t.Helper()
	sx, sy := float64(fr.Width)/fr.ViewportWidth, float64(fr.Height)/fr.ViewportHeight
	x0, y0 := int(m[0]*sx)+3, int(m[1]*sy)+3
	x1, y1 := int((m[0]+m[2])*sx)-3, int((m[1]+m[3])*sy)-3
	require.Less(t, x0, x1)
	require.Less(t, y0, y1)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 < 200 || g>>8 > 70 || b>>8 < 200 {
				t.Fatalf("%s: pixel (%d,%d) of the mask %v is rgb(%d,%d,%d), not the mask's magenta", fr.File, x, y, m, r>>8, g>>8, b>>8)
			}
		}
	}
}

// requireWaterfall checks that the bars are the HAR's entries in its order, each placed and
// sized in proportion to its start and time within the whole span.
func requireWaterfall(t *testing.T, harPath string, bars []pages.WaterfallBar) {
	t.Helper()
	var h struct {
		Log struct {
			Entries []struct {
				StartedDateTime time.Time `json:"startedDateTime"`
				Time            float64   `json:"time"`
			} `json:"entries"`
		} `json:"log"`
	}
	b, err := os.ReadFile(harPath)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &h))
	es := h.Log.Entries
	require.Len(t, bars, len(es))
	first, end := es[0].StartedDateTime, es[0].StartedDateTime
	for _, e := range es {
		if e.StartedDateTime.Before(first) {
			first = e.StartedDateTime
		}
		if fin := e.StartedDateTime.Add(time.Duration(e.Time * float64(time.Millisecond))); fin.After(end) {
			end = fin
		}
	}
	span := float64(end.Sub(first).Microseconds()) / 1000
	for i, bar := range bars {
		require.Equal(t, i, bar.Index, "the HAR's order")
		e := es[i]
		left := float64(e.StartedDateTime.Sub(first).Microseconds()) / 1000 / span * bar.Track
		require.InDelta(t, left, bar.Left, 2, "start of request %d", i)
		require.InDelta(t, e.Time/span*bar.Track, bar.Width, 2, "length of request %d", i)
	}
}

// traceReportSession opens a headless Chromium tab to read the report in.
func traceReportSession(t *testing.T) *pages.Session {
	t.Helper()
	b, err := browser.Open(context.Background(), browser.Options{Headless: true})
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	inc, err := b.Rod.Incognito()
	require.NoError(t, err)
	page, err := inc.Page(proto.TargetCreateTarget{})
	require.NoError(t, err)
	return pages.NewSession(page, "", nil, 10*time.Second)
}
