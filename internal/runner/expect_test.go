package runner_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/flowstate"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// recordT is a steps.TestingT that keeps what a flow reports; FailNow ends the flow's goroutine.
type recordT struct{ msgs []string }

func (r *recordT) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
func (r *recordT) FailNow() { runtime.Goexit() }
func (r *recordT) Helper()  {}

// TestExpectFailsTheFlow checks that f.Expect fails the flow through F: the step it ran in
// fails with the assertion's line, and the evidence is taken at that moment.
func TestExpectFailsTheFlow(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<title>Hi</title><p role="status">Idle</p><script>setTimeout(() => document.querySelector("p").textContent = "Ready", 100)</script>`)
	}))
	defer srv.Close()
	b := fixture.NewTestBrowser(t)
	inc, err := b.NewContext(t.Context())
	require.NoError(t, err)
	defer func() { _ = inc.Close() }()
	page, err := inc.NewPage(t.Context())
	require.NoError(t, err)
	log := steps.NewStepLog()
	captured := 0
	rt := &recordT{}
	st := &flowstate.State{Ctx: context.Background(), T: rt, Steps: log, OnFirstFailure: func() { captured++ }}
	st.Tab = pages.NewTab(st, page, pages.TabOptions{BaseURL: srv.URL, Steps: log, Timeout: 2 * time.Second})
	f := flowstate.NewF(st).(*flows.F)

	done := make(chan struct{})
	go func() {
		defer close(done)
		f.Step("open", func() {
			f.Tab.Goto("/")
			f.Expect(f.Tab.GetByRole("status")).ToHaveText("Ready")
			f.ExpectPage().ToHaveTitle("Hi")
			f.Tab.SetDefaultTimeout(300 * time.Millisecond)
			f.Expect(f.Tab.GetByRole("status")).ToHaveText("Done")
			t.Error("FailNow did not stop the flow")
		})
	}()
	<-done
	require.Equal(t, []string{`step "open": page: expected status to have text "Done", last seen "Ready" (polled 300ms)`}, rt.msgs)
	require.Equal(t, 1, captured, "the evidence is taken at the failure")
	last := log.Steps()[len(log.Steps())-1]
	require.Equal(t, `page: expect status to have text "Done"`, last.Name)
	require.EqualError(t, last.Err, `page: expected status to have text "Done", last seen "Ready" (polled 300ms)`)
}

// TestExpectWithinThroughF checks that Within works through f.Expect and f.ExpectPage: a longer
// timeout passes what the tab's 500ms would fail, a shorter one fails sooner, saying so.
func TestExpectWithinThroughF(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<title>Hi</title><p role="status">Idle</p><script>setTimeout(() => { document.querySelector("p").textContent = "Ready"; document.title = "Done" }, 1500)</script>`)
	}))
	defer srv.Close()
	b := fixture.NewTestBrowser(t)
	inc, err := b.NewContext(t.Context())
	require.NoError(t, err)
	defer func() { _ = inc.Close() }()
	page, err := inc.NewPage(t.Context())
	require.NoError(t, err)
	log := steps.NewStepLog()
	rt := &recordT{}
	st := &flowstate.State{Ctx: context.Background(), T: rt, Steps: log}
	st.Tab = pages.NewTab(st, page, pages.TabOptions{BaseURL: srv.URL, Steps: log, Timeout: 5 * time.Second})
	f := flowstate.NewF(st).(*flows.F)

	done := make(chan struct{})
	go func() {
		defer close(done)
		f.Step("open", func() {
			f.Tab.Goto("/")
			f.Tab.SetDefaultTimeout(500 * time.Millisecond)
			f.Expect(f.Tab.GetByRole("status")).Within(5 * time.Second).ToHaveText("Ready")
			f.ExpectPage().Within(5 * time.Second).ToHaveTitle("Done")
			f.Tab.SetDefaultTimeout(5 * time.Second)
			f.ExpectPage().Within(300 * time.Millisecond).Not().ToHaveTitle("Done")
		})
	}()
	<-done
	require.Equal(t, []string{`step "open": page: expected page not to have title "Done", last seen "Done" (polled 300ms)`}, rt.msgs)
}
