package flows

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/stretchr/testify/assert"

	"github.com/e2e-dev/e2e/internal/callsite"
	"github.com/e2e-dev/e2e/internal/flowstate"
)

// Polled is a value F.Poll polls, to assert with one of its matchers: each calls the function
// until its value matches, as Playwright's expect.poll(() => value).toBe(x).
type Polled struct {
	f  *F
	fn func() any
	r  *retry
}

// Poll returns fn's value to assert on, polled: a matcher calls fn again and again until its
// value matches, for a backend value that becomes right asynchronously:
//
//	f.Poll(func() any {
//		return f.DB.Count("SELECT count(*) FROM shelf WHERE user_id = ?", id)
//	}).ToEqual(3)
//
// Each call is a try of ToPass's: a call that fails (a query that errors) is retried, the
// tries are opts' Intervals apart, for opts' Timeout (default: the action timeout). When the
// timeout ends, the flow fails and stops: "expected poll to equal 3, last value 2 (polled 5s,
// 9 tries)".
func (f *F) Poll(fn func() any, opts ...ToPassOptions) *Polled {
	f.Helper()
	return &Polled{f: f, fn: fn, r: f.retrying("Poll", opts)}
}

// ToEqual polls until the value equals want, as testify's EqualValues: a count read as int64
// equals 3.
func (p *Polled) ToEqual(want any) {
	p.f.Helper()
	p.match(fmt.Sprintf("to equal %#v", want), func(v any) bool { return assert.ObjectsAreEqualValues(want, v) })
}

// ToBeGreaterThan polls until the value is a number (of any int, uint or float kind) greater
// than n; a value that is no number does not match.
func (p *Polled) ToBeGreaterThan(n float64) {
	p.f.Helper()
	p.match(fmt.Sprintf("to be greater than %v", n), func(v any) bool {
		x, ok := number(v)
		return ok && x > n
	})
}

// ToContain polls until the value contains want: a string that holds the string want, or a
// slice or array with an element equal to want (as ToEqual); a value of another kind does not
// match.
func (p *Polled) ToContain(want any) {
	p.f.Helper()
	p.match(fmt.Sprintf("to contain %#v", want), func(v any) bool {
		if s, ok := v.(string); ok {
			w, ok := want.(string)
			return ok && strings.Contains(s, w)
		}
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
			return false
		}
		for i := range rv.Len() {
			if assert.ObjectsAreEqualValues(want, rv.Index(i).Interface()) {
				return true
			}
		}
		return false
	})
}

// match polls until ok holds of the value, as the step "poll: <what>"; when the timeout ends it
// fails the flow with the last value, or the last try's failure, and stops it.
func (p *Polled) match(what string, ok func(any) bool) {
	p.f.Helper()
	r := p.r
	p.f.Step("poll: "+what, func() {
		var mu sync.Mutex // the try's goroutine sets them; one the flow's context left may outlive it
		var last any
		var got bool
		passed := r.run(func() {
			mu.Lock()
			got = false
			mu.Unlock()
			v := p.fn()
			mu.Lock()
			last, got = v, true
			mu.Unlock()
		}, func() bool {
			mu.Lock()
			defer mu.Unlock()
			return ok(last)
		})
		p.f.st.Steps.Annotate(fmt.Sprintf("(%s)", tries(r.tries)))
		if passed {
			return
		}
		polled := fmt.Sprintf("polled %s, %s", r.timeout, tries(r.tries))
		if r.stopped != "" {
			polled = fmt.Sprintf("polled %s, %s, stopped: %s", r.elapsed(), tries(r.tries), r.stopped)
		}
		mu.Lock()
		v, valued := last, got
		mu.Unlock()
		if valued && len(r.st.TryFailures(r.last)) == 0 {
			r.st.Record(flowstate.Failure{Message: fmt.Sprintf("expected poll %s, last value %#v (%s)", what, v, polled), Frames: callsite.User(0)})
			r.st.FailNow()
		}
		r.fail(fmt.Sprintf("expected poll %s (%s), the last try failed", what, polled))
	})
}

// number is v as a float64 when it is a number of any int, uint or float kind.
func number(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	return 0, false
}
