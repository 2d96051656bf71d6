package shopsuite

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/jpeg"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/internal/reportpage"
	"github.com/e2e-dev/e2e/internal/runner"
	"github.com/e2e-dev/e2e/pages/shoppages"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
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
		shoppages.Catalog(f.Tab).Open()
		f.Step("check the user shown", func() {
			// The page changes while the check waits: the trace's DOM is the page as the
			// check began, the attempt's dom.html the page as it failed.
			f.Tab.Evaluate(`() => setTimeout(() => document.body.insertAdjacentHTML("beforeend", "<p id=late-arrival></p>"), 300)`)
			f.Expect(shoppages.Nav(f.Tab).User).ToHaveText("somebody else")
		})
	}}
	dir := t.TempDir()
	if d := os.Getenv("E2E_TRACE_TEST_DIR"); d != "" {
		dir = d
	}
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows: []flows.Flow{failing}, BeforeEach: Suite().BeforeEach, Workers: 1,
		// Slow motion: a frame is captured in the background after its action, at most one per
		// 250 ms, and actions that follow sooner share the next one; slowed down to 300 ms, each
		// fill gets its own. An action may then take several times that (a fill is a few input
		// events), hence the 3 s action timeout.
		Browser: browser.Options{Headless: true, SlowMotion: 300 * time.Millisecond}, ArtifactsDir: dir,
		Env: runner.Env{BaseURL: srv.URL, DB: db, MaxBody: 1 << 20, Redact: &redact.Options{},
			ActionTimeout: 3 * time.Second, Trace: artifacts.ModeRetainOnFailure},
	})
	require.NoError(t, err)
	at := rep.Flows[0].Attempts[0]
	require.NotEmpty(t, password, "the flow failed before signing up: %+v", at.Failure)
	require.Equal(t, report.StatusFailed, at.Status)
	require.Contains(t, at.Artifacts, report.ArtifactTrace, "trace: retain-on-failure")
	tr, err := report.ReadTrace(filepath.Join(dir, at.Artifacts[report.ArtifactTrace]))
	require.NoError(t, err)
	require.Empty(t, tr.Notes)
	require.Len(t, tr.Steps, len(at.Steps))
	adir := filepath.Join(dir, at.Dir)

	t.Run("a frame after each page action, passwords masked in every one", func(t *testing.T) {
		// How big the password fields are, laid out in a tab of the flows' viewport size.
		s := reportpage.LaunchTab(t, 10*time.Second)
		boxes := traceFieldBoxes(t, s, srv.URL+"/login", `input[type=password]`)
		require.Len(t, boxes, 1)
		// About a dozen page actions, each with a frame.
		require.GreaterOrEqual(t, len(tr.Frames), 10)
		checked := 0
		for _, fr := range tr.Frames {
			b, err := os.ReadFile(filepath.Join(adir, fr.File))
			require.NoError(t, err)
			img, err := jpeg.Decode(bytes.NewReader(b))
			require.NoError(t, err, fr.File)
			require.Equal(t, fr.Width, img.Bounds().Dx())
			require.LessOrEqual(t, fr.Width, runner.TraceFrameWidth)
			name := at.Steps[fr.Step].Name
			if strings.Contains(name, "page: fill ") && strings.Contains(strings.ToLower(name), "password") {
				// The field with the password typed into it is a solid box of the mask's colour.
				scale := float64(fr.Width) / fr.ViewportWidth
				w, h := int(boxes[0][2]*scale)-8, int(boxes[0][3]*scale)-8
				require.True(t, traceHasSolidBox(img, w, h), "%s (after %q) shows a %d×%d box of the mask's colour", fr.File, name, w, h)
				checked++
			}
		}
		require.GreaterOrEqual(t, checked, 3, "the frames after the password fills of the sign-up and login forms")
		b, err := os.ReadFile(filepath.Join(dir, at.Artifacts[report.ArtifactTrace]))
		require.NoError(t, err)
		require.NotContains(t, string(b), password)
	})

	t.Run("the DOM as the failing action began, with its target marked", func(t *testing.T) {
		require.NotNil(t, tr.Failure)
		require.Equal(t, `"nav-user"`, tr.Failure.Selector)
		require.NotNil(t, tr.Failure.Target)
		require.Contains(t, at.Steps[tr.Failure.Step].Name, `expect "nav-user" to have text "somebody else"`)
		require.Equal(t, len(tr.Frames)-1, tr.Failure.Frame)
		dom, err := os.ReadFile(filepath.Join(adir, tr.Failure.DOM))
		require.NoError(t, err)
		require.Contains(t, string(dom), `data-e2e-target=""`)
		require.Equal(t, 1, strings.Count(string(dom), "data-e2e-target"))
		require.True(t, tr.Failure.DOMBefore)
		require.NotContains(t, string(dom), "late-arrival", "what came while the action waited")
		atFailure, err := os.ReadFile(filepath.Join(dir, at.Artifacts[report.ArtifactDOM]))
		require.NoError(t, err)
		require.Contains(t, string(atFailure), "late-arrival")
	})

	t.Run("the HTML report draws the timeline", func(t *testing.T) {
		index := filepath.Join(dir, "index.html")
		require.NoError(t, report.NewHTMLReporter(index).RunEnded(rep))
		s := reportpage.LaunchTab(t, 10*time.Second)
		r := reportpage.New(s)
		r.OpenFile(index)
		r.Expand("wrong user shown")

		steps := r.Timeline("wrong user shown")
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
			shot := r.ShowStep("wrong user shown", i)
			if st.Frame < 0 {
				continue
			}
			require.Equal(t, st.Frame, shot.Frame, "step %q shows its own frame", st.Name)
			require.True(t, shot.Visible)
			require.Equal(t, tr.Frames[st.Frame].Width, shot.Width, "full size")
		}
		outlined := r.FailureTarget("wrong user shown")
		require.True(t, outlined)
		link, href := r.DOMLink("wrong user shown")
		require.Equal(t, "DOM before the failing action", link)
		require.Equal(t, "./"+path.Join(at.Dir, tr.Failure.DOM), href)

		bars := r.Waterfall("wrong user shown")
		requireWaterfall(t, filepath.Join(dir, at.Artifacts[report.ArtifactHAR]), bars)
	})
}

// traceHasSolidBox reports whether img has a w×h box of the mask's colour: neither the page
// (white) nor text (dark), with the slack JPEG needs.
func traceHasSolidBox(img image.Image, w, h int) bool {
	magenta := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return r>>8 >= 180 && g>>8 <= 130 && b>>8 >= 150
	}
	bd := img.Bounds()
	rows := 0 // consecutive rows with a run of at least w at the same start
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		found := false
		for x := bd.Min.X; x+w <= bd.Max.X && !found; x++ {
			if !magenta(x, y) {
				continue
			}
			run := 0
			for run < w && magenta(x+run, y) {
				run++
			}
			found = run >= w
			x += run
		}
		if found {
			rows++
			if rows >= h {
				return true
			}
		} else {
			rows = 0
		}
	}
	return false
}

// requireWaterfall checks that the bars are the HAR's entries in its order, each placed and
// sized in proportion to its start and time within the whole span.
func requireWaterfall(t *testing.T, harPath string, bars []reportpage.WaterfallBar) {
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

// traceFieldBoxes opens url in s's tab at the flows' viewport size and returns the boxes of the
// elements matching sel, [left, top, width, height] in CSS pixels.
func traceFieldBoxes(t *testing.T, s *pages.Tab, url, sel string) [][4]float64 {
	t.Helper()
	require.NoError(t, proto.EmulationSetDeviceMetricsOverride{Width: 1280, Height: 800, DeviceScaleFactor: 1}.Call(s.Rod()))
	require.NoError(t, s.Rod().Navigate(url))
	require.NoError(t, s.Rod().WaitLoad())
	res, err := s.Rod().Eval(`(sel) => [...document.querySelectorAll(sel)].map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height] })`, sel)
	require.NoError(t, err)
	var boxes [][4]float64
	require.NoError(t, res.Value.Unmarshal(&boxes))
	return boxes
}

// TestTraceOfAFlowFailingAfterItsActions fails a flow in a check after its page actions passed
// (as a wrong API answer or database row would) and checks that its trace still has the
// failure's view: the DOM its last page action kept, with that action's element marked, a frame
// of the page as the flow failed, and the report's link saying which DOM it is.
func TestTraceOfAFlowFailingAfterItsActions(t *testing.T) {
	srv := fixture.NewTestShop(t)
	db, err := backend.OpenDB("sqlite", srv.Shop().DBPath())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })

	failing := flows.Flow{Name: "backend disagrees", Run: func(f *flows.F) {
		signUpAndLogIn(f)
		f.Step("read the user shown, then check the backend", func() {
			shoppages.Nav(f.Tab).User.InnerText()
			f.Errorf("the API disagrees with the page")
		})
	}}
	dir := t.TempDir()
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows: []flows.Flow{failing}, BeforeEach: Suite().BeforeEach, Workers: 1,
		Browser: browser.Options{Headless: true}, ArtifactsDir: dir,
		Env: runner.Env{BaseURL: srv.URL, DB: db, MaxBody: 1 << 20, Redact: &redact.Options{},
			ActionTimeout: 5 * time.Second, Trace: artifacts.ModeRetainOnFailure},
	})
	require.NoError(t, err)
	at := rep.Flows[0].Attempts[0]
	require.Equal(t, report.StatusFailed, at.Status)
	require.Contains(t, at.Failure.Message, "the API disagrees with the page")
	tr, err := report.ReadTrace(filepath.Join(dir, at.Artifacts[report.ArtifactTrace]))
	require.NoError(t, err)
	require.Empty(t, tr.Notes)

	require.NotNil(t, tr.Failure, "a failure without a failing action still has the failure's view")
	require.True(t, tr.Failure.AfterActions)
	require.True(t, tr.Failure.DOMBefore)
	require.Contains(t, at.Steps[tr.Failure.Step].Name, "nav-user", "the last page action: the read")
	require.Equal(t, len(tr.Frames)-1, tr.Failure.Frame, "a frame of the page as the flow failed")
	require.NotNil(t, tr.Failure.Target)
	dom, err := os.ReadFile(filepath.Join(dir, at.Dir, tr.Failure.DOM))
	require.NoError(t, err)
	require.Equal(t, 1, strings.Count(string(dom), "data-e2e-target"))
	require.Regexp(t, `data-testid="nav-user"[^>]*data-e2e-target=""|data-e2e-target=""[^>]*data-testid="nav-user"`, string(dom))

	index := filepath.Join(dir, "index.html")
	require.NoError(t, report.NewHTMLReporter(index).RunEnded(rep))
	r := reportpage.New(reportpage.LaunchTab(t, 10*time.Second))
	r.OpenFile(index)
	r.Expand("backend disagrees")
	link, _ := r.DOMLink("backend disagrees")
	require.Equal(t, "DOM before the last page action (the flow failed after it)", link)
	outlined := r.FailureTarget("backend disagrees")
	require.True(t, outlined)
}
