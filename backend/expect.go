package backend

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/e2e-dev/e2e/steps"
	"github.com/ysmood/gson"
)

// RowAssertions check what a read-only query of the app's database returns: a failure says what
// was expected and what was found, and fails the flow. Eventually makes them poll, for backends
// that write asynchronously.
type RowAssertions struct {
	p     *Probe
	query string
	args  []any
	poll  bool
}

// ExpectRows returns assertions on the rows of query with args.
//
//	f.DB.ExpectRows("SELECT 1 FROM tokens WHERE user_id = ?", id).ToHaveCount(0)
func (p *Probe) ExpectRows(query string, args ...any) *RowAssertions {
	return &RowAssertions{p: p, query: query, args: args}
}

// Eventually returns the assertions polling the query (Probe.Eventually: Playwright's
// expect.poll intervals, within the probe's Timeout) until they hold.
func (a *RowAssertions) Eventually() *RowAssertions {
	b := *a
	b.poll = true
	return &b
}

// ToHaveCount expects the query to return n rows.
func (a *RowAssertions) ToHaveCount(n int) {
	a.p.t.Helper()
	a.check(fmt.Sprintf("%d rows", n), func(rows []map[string]any) (bool, string) {
		return len(rows) == n, fmt.Sprintf("%d", len(rows))
	})
}

// ToHaveValue expects the query to return one row of one column equal to want; integers
// compare by value whatever their Go type (the probe reads them as int64).
func (a *RowAssertions) ToHaveValue(want any) {
	a.p.t.Helper()
	a.check(fmt.Sprintf("%#v", want), func(rows []map[string]any) (bool, string) {
		if len(rows) != 1 || len(rows[0]) != 1 {
			return false, fmt.Sprintf("%d rows of %d columns", len(rows), columns(rows))
		}
		for _, got := range rows[0] {
			return sameValue(got, want), fmt.Sprintf("%#v", got)
		}
		return false, ""
	})
}

// check runs the query once, or polls it, until holds; it fails the flow when it never does.
func (a *RowAssertions) check(want string, holds func([]map[string]any) (bool, string)) {
	a.p.t.Helper()
	var found string
	var err error
	if a.poll {
		_, err = a.p.eventually(a.query, a.args, func(rows []map[string]any) bool {
			ok, seen := holds(rows)
			found = seen
			return ok
		})
	} else {
		var rows []map[string]any
		if rows, err = a.p.rows(a.query, a.args...); err == nil {
			var ok bool
			if ok, found = holds(rows); !ok {
				err = errors.New("mismatch")
			}
		}
	}
	if err != nil && found != "" {
		err = fmt.Errorf("db: %s: expected %s, found %s", oneLineSQL(a.query), want, found)
		if a.poll {
			err = fmt.Errorf("%w (polled %s)", err, a.p.timeout())
		}
	}
	a.p.must(err)
}

func columns(rows []map[string]any) int {
	if len(rows) == 0 {
		return 0
	}
	return len(rows[0])
}

// sameValue compares a value the probe read with an expected one, integers by value.
func sameValue(got, want any) bool {
	if g, ok := got.(int64); ok {
		switch w := reflect.ValueOf(want); w.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return g == w.Int()
		}
	}
	return reflect.DeepEqual(got, want)
}

// timeout is how long Eventually polls.
func (p *Probe) timeout() time.Duration { return cmp.Or(p.Timeout, steps.DefaultActionTimeout) }

// Pluck returns the value at key of each item of the JSON array list, as the JSON decoded it
// (string, float64, bool...): the titles of a list of books, for require.Contains.
//
//	require.Contains(f, backend.Pluck(f.CallAPI("GET", "/api/shelf", nil, 200).Get("items"), "title"), title)
func Pluck(list gson.JSON, key string) []any {
	out := []any{}
	for _, it := range list.Arr() {
		out = append(out, it.Get(key).Val())
	}
	return out
}
