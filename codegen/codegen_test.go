package codegen_test

import (
	"context"
	"encoding/json"
	"go/format"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/codegen"
	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
)

// serveFixture serves the locator fixture pages (pages/testdata/locators) and /api/echo, and
// counts the API calls.
func serveFixture(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(filepath.Join("..", "pages", "testdata", "locators"))))
	mux.HandleFunc("/api/echo", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		status, _ := strconv.Atoi(r.URL.Query().Get("status"))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"message": r.URL.Query().Get("msg")})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL, &calls
}

// driver sends the DevTools input events a person's mouse and keyboard would.
type driver struct {
	t *testing.T
	p *rod.Page
}

// click moves the mouse onto the element css selects (in the document, or the shadow root of
// #host with shadow) and clicks it.
func (d driver) click(css string) {
	d.t.Helper()
	el := d.p.MustElement(css)
	el.MustScrollIntoView()
	shape := el.MustShape()
	pt := shape.OnePointInside()
	require.NotNil(d.t, pt, css)
	d.p.Mouse.MustMoveTo(pt.X, pt.Y)
	d.p.Mouse.MustClick(proto.InputMouseButtonLeft)
}

// typeIn clicks the field and types text, key by key.
func (d driver) typeIn(css, text string) {
	d.t.Helper()
	d.click(css)
	d.p.Keyboard.MustType([]input.Key(text)...)
}

// settled waits until the page's status line reads want.
func (d driver) settled(want string) {
	d.t.Helper()
	d.p.MustWait(`(want) => document.getElementById("status").textContent === want`, want)
}

// TestRecordedSessionReplays records a session on the locator fixture page driven by input
// events in a visible browser (under Xvfb), checks the code's locators, that it is gofmt-clean
// and holds no typed password, then compiles it in a module of its own and runs it back against
// the same pages under go test: it passes and makes the API call again.
func TestRecordedSessionReplays(t *testing.T) {
	t.Setenv("DISPLAY", testenv.StartXvfb(t))
	base, apiCalls := serveFixture(t)
	b := fixture.NewTestBrowser(t, fixture.Headed())
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	bc, err := b.NewContext(ctx)
	require.NoError(t, err)
	page, err := bc.NewPage(ctx)
	require.NoError(t, err)

	recCtx, stop := context.WithCancel(ctx)
	done := make(chan *codegen.Recording, 1)
	lastSeen := make(chan struct{})
	go func() {
		rec, err := codegen.Record(recCtx, page, base+"/fixture.html", func(a codegen.Action) {
			if a.Kind == "click" && a.Loc.Name == "Home" {
				close(lastSeen)
			}
		})
		if err != nil {
			t.Error(err)
		}
		done <- rec
	}()
	d := driver{t: t, p: page.Context(ctx)}
	d.p.MustWait(`() => document.readyState === "complete" && location.pathname === "/fixture.html"`)

	d.typeIn("#email", "ann@example.com")
	d.typeIn(`input[name="password"]`, "s3cret-typed")
	// Sign in first: it is above the password field, out of the way of the password manager's
	// popup of a visible Chromium, which the click closes.
	d.click(`#only`)
	d.settled("Signed in")
	d.click(`label:has(#terms)`) // the label's text: a person clicks "I agree"
	d.p.MustWait(`() => document.getElementById("terms").checked`)
	d.click(`#ambiguous button`) // "Save", among "Save draft" and "Save all"
	d.click(`#list li:nth-child(2) button`)
	d.settled("Bought bread")
	d.click(`button[onclick*="msg=Saved"]`)
	d.settled("Saved")
	d.typeIn("#keys", "abc")
	d.p.Keyboard.MustType(input.Enter)
	d.settled("Entered abc")
	d.click(`a[href="app.html"]`)
	d.p.MustWait(`() => location.pathname === "/app.html" && !!document.querySelector("h2")`)
	d.click(`a[href="#/profile/alice"]`)
	d.p.MustWait(`() => (document.querySelector("h2") || {}).textContent === "Profile of alice"`)
	d.click(`a[href="#/"]`) // on the hash route #/profile/alice: a page of its own
	d.p.MustWait(`() => location.hash === "#/" && (document.querySelector("h2") || {}).textContent === "Home"`)
	select {
	case <-lastSeen:
	case <-ctx.Done():
		t.Fatal("the recorder never saw the last click")
	}
	stop()
	var rec *codegen.Recording
	select {
	case rec = <-done:
	case <-ctx.Done():
		t.Fatal("Record did not return after its context ended")
	}
	require.NotNil(t, rec)
	src, err := codegen.Generate(rec, codegen.GenOptions{Package: "e2e", Flow: "fixture tour"})
	require.NoError(t, err)
	code := string(src)
	t.Log(code)
	formatted, err := format.Source(src)
	require.NoError(t, err)
	require.Equal(t, string(formatted), code, "gofmt-clean")

	require.NotContains(t, code, "s3cret-typed", "a typed password is never a literal")
	require.Contains(t, code, "os.Getenv(\"E2E_PASSWORD\")")
	require.NotRegexp(t, `\) error \{|err :?=|NoError`, code, "page-object methods that act return nothing: they fail the flow")
	require.Contains(t, code, "The passwords typed while recording are not in this file: the flow reads them from\n// $E2E_PASSWORD")
	for _, want := range []string{
		"func (p FixturePage) Open() {\n\tp.tab.Goto(\"/fixture.html\")\n}",
		`p.tab.GetByRole("textbox", pages.Name("Email"))`,
		`p.tab.GetByLabel("Password").OnPage(fixturePageName).FillSecret(password)`,
		`p.tab.GetByRole("checkbox", pages.Name("I agree")).OnPage(fixturePageName).Check()`,
		`p.tab.GetByRole("button", pages.Name("Sign in"))`,
		`p.tab.GetByRole("button", pages.Name("Save", pages.Exact()))`,
		"func (p FixturePage) ClickBuy() {\n\tp.tab.Locator(\"#list > li:nth-of-type(2) > button\")",
		"p.tab.ExpectResponse(pages.Match(\"POST\", \"/api/echo?**\"), func() {\n\t\tp.tab.GetByRole(\"button\", pages.Name(\"Call API\")).OnPage(fixturePageName).Click()\n\t})",
		`.Press(key)`,
		`p.tab.GetByRole("link", pages.Name("Open mini app")).OnPage(fixturePageName).ClickToNavigate()`,
		`type FixturePage struct{ tab *pages.Tab }`,
		`type AppPage struct`,
		`p.tab.GetByRole("link", pages.Name("Alice")).OnPage(appPageName).Click()`,
		"// AppProfileAlicePage is the page at /app.html#/profile/alice, as recorded.",
		`p.tab.GetByRole("link", pages.Name("Home")).OnPage(appProfileAlicePageName).Click()`,
		`var FixtureTourFlow = flows.Flow{Name: "fixture tour"`,
		"fixturePage := FixturePage{f.Tab}",
		"\t\tfixturePage.FillEmail(\"ann@example.com\")\n",
	} {
		require.Contains(t, code, want)
	}

	// Replay: the generated file in a module of its own, run by go test against the same pages.
	mod := testenv.TempModule(t, "example.com/recorded", map[string]string{
		"e2e/recorded.go": code,
		"e2e/suite_test.go": `package e2e

import (
	"testing"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/flows/flowtest"
)

func TestFlows(t *testing.T) {
	flowtest.Run(t, flows.Suite{Name: "recorded", Flows: []flows.Flow{FixtureTourFlow}})
}
`,
		"e2e.yaml": "base_url: " + base + "\n",
	})
	out, code0 := testenv.RunIn(t, mod, nil, "go", "mod", "tidy")
	require.Equal(t, 0, code0, out)
	before := apiCalls.Load()
	out, rc := testenv.RunIn(t, mod, []string{"E2E_PASSWORD=s3cret-typed"}, "go", "test", "-count=1", "-v", "./...")
	require.Equal(t, 0, rc, out)
	require.Contains(t, out, "--- PASS: TestFlows/fixture_tour")
	require.Greater(t, apiCalls.Load(), before, "the replay clicked Call API")
	_, err = os.Stat(filepath.Join(mod, "e2e", "test-results"))
	require.True(t, err == nil || os.IsNotExist(err))
}

// TestClosingTheBrowserEndsTheRecording: Record returns what it has when the page goes away.
func TestClosingTheBrowserEndsTheRecording(t *testing.T) {
	base, _ := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bc, err := b.NewContext(ctx)
	require.NoError(t, err)
	page, err := bc.NewPage(ctx)
	require.NoError(t, err)
	done := make(chan *codegen.Recording, 1)
	go func() {
		rec, err := codegen.Record(ctx, page, base+"/fixture.html", nil)
		if err != nil {
			t.Error(err)
		}
		done <- rec
	}()
	p := page.Context(ctx)
	p.MustWait(`() => document.readyState === "complete" && location.pathname === "/fixture.html"`)
	driver{t: t, p: p}.click("#only")
	p.MustWait(`() => document.getElementById("status").textContent === "Signed in"`)
	require.NoError(t, p.Close())
	select {
	case rec := <-done:
		require.NotNil(t, rec)
		require.Len(t, rec.Actions, 2, "%+v", rec.Actions)
		require.Equal(t, "goto", rec.Actions[0].Kind)
		require.Equal(t, "click", rec.Actions[1].Kind)
	case <-ctx.Done():
		t.Fatal("Record did not return when its page closed")
	}
}
