// Package active holds the active security checks any suite calls from its own flows: that a
// request the user has no right to make is refused and changes nothing (authorization, CSRF),
// and that script a user typed never runs (XSS), seen through the browser's own dialog and
// console events. The passive rules, which read what a flow saw, are in the audit package.
package active

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/flows"
)

// Refused are the statuses that count as a refusal: unauthenticated, forbidden, not found (an
// app may hide what is not yours), unprocessable.
var Refused = []int{401, 403, 404, 422}

// ExpectRefused fails the flow unless res answered one of want (Refused when none is given).
// what names the attempt: "bob reads alice's favourites".
func ExpectRefused(f *flows.F, what string, res *backend.Response, want ...int) {
	f.Helper()
	if len(want) == 0 {
		want = Refused
	}
	if res == nil {
		f.Errorf("%s: no answer", what)
		return
	}
	if !slices.Contains(want, res.Status) {
		if res.Status >= 300 && res.Status <= 399 {
			f.Errorf("%s: answered %d to %s, want one of %v (refused)", what, res.Status, res.Header.Get("Location"), want)
			return
		}
		body := string(res.Body)
		if len(body) > 200 {
			body = body[:200] + "…"
		}
		f.Errorf("%s: answered %d, want one of %v (refused); body: %s", what, res.Status, want, body)
	}
}

// ExpectRefusedStatus is ExpectRefused for a status alone: a page's (f.Tab.NavigationStatus).
func ExpectRefusedStatus(f *flows.F, what string, status int, want ...int) {
	f.Helper()
	ExpectRefused(f, what, &backend.Response{Status: status}, want...)
}

// ExpectUnchanged reads the state with read, runs attack, reads it again, and fails the flow when
// the two reads differ: the database rows an attack must not touch. what names the attack.
func ExpectUnchanged[T any](f *flows.F, what string, read func() T, attack func()) {
	f.Helper()
	before := read()
	attack()
	if after := read(); !reflect.DeepEqual(before, after) {
		f.Errorf("%s changed the state: before %s, after %s", what, show(before), show(after))
	}
}

// RefusedAndUnchanged is ExpectRefused and ExpectUnchanged in one, as a step: the attack's
// request must be refused and leave the state as it was. An attack through f.API calls
// f.API.AnyStatus(), so that the status is judged here, in words that name the attack.
func RefusedAndUnchanged[T any](f *flows.F, what string, read func() T, attack func() *backend.Response, want ...int) {
	f.Helper()
	f.Step(what, func() {
		ExpectUnchanged(f, what, read, func() { ExpectRefused(f, what, attack(), want...) })
	})
}

func show(v any) string { return fmt.Sprintf("%+v", v) }
