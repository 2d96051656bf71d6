package backend

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/e2e-dev/e2e/steps"
	"github.com/ysmood/gson"
)

// TestingT is what row assertions fail through: a flow's F, a *testing.T; nil returns the
// failure only.
type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
}

// RowAssertions check what a read-only query of the app's database returns, testify style: a
// failure says what was expected and what was found, fails t and is returned. Eventually makes
// them poll, for backends that write asynchronously.
type RowAssertions struct {
	ctx   context.Context
	t     TestingT
	p     *Probe
	query string
	args  []any
	poll  bool
}

// ExpectRows returns assertions on the rows of query with args, read through p.
//
//	backend.ExpectRows(ctx, t, probe, "SELECT 1 FROM tokens WHERE user_id = ?", id).ToHaveCount(0)
func ExpectRows(ctx context.Context, t TestingT, p *Probe, query string, args ...any) *RowAssertions {
	return &RowAssertions{ctx: ctx, t: t, p: p, query: query, args: args}
}

// Eventually returns the assertions polling the query (Probe.Eventually: Playwright's
// expect.poll intervals, within the probe's Timeout) until they hold.
func (a *RowAssertions) Eventually() *RowAssertions {
	b := *a
	b.poll = true
	return &b
}

// ToHaveCount expects the query to return n rows.
func (a *RowAssertions) ToHaveCount(n int) error {
	return a.check(fmt.Sprintf("%d rows", n), func(rows []map[string]any) (bool, string) {
		return len(rows) == n, fmt.Sprintf("%d", len(rows))
	})
}

// ToHaveValue expects the query to return one row of one column equal to want; integers
// compare by value whatever their Go type (the probe reads them as int64).
func (a *RowAssertions) ToHaveValue(want any) error {
	return a.check(fmt.Sprintf("%#v", want), func(rows []map[string]any) (bool, string) {
		if len(rows) != 1 || len(rows[0]) != 1 {
			return false, fmt.Sprintf("%d rows of %d columns", len(rows), columns(rows))
		}
		for _, got := range rows[0] {
			return sameValue(got, want), fmt.Sprintf("%#v", got)
		}
		return false, ""
	})
}

// check runs the query once, or polls it, until holds; it fails t when it never does.
func (a *RowAssertions) check(want string, holds func([]map[string]any) (bool, string)) error {
	if h, ok := a.t.(interface{ Helper() }); ok {
		h.Helper()
	}
	var found string
	var err error
	if a.poll {
		_, err = a.p.Eventually(a.ctx, a.query, a.args, func(rows []map[string]any) bool {
			ok, seen := holds(rows)
			found = seen
			return ok
		})
	} else {
		var rows []map[string]any
		if rows, err = a.p.Rows(a.ctx, a.query, a.args...); err == nil {
			var ok bool
			if ok, found = holds(rows); !ok {
				err = errors.New("mismatch")
			}
		}
	}
	switch {
	case err == nil:
		return nil
	case found != "":
		err = fmt.Errorf("db: %s: expected %s, found %s", oneLineSQL(a.query), want, found)
		if a.poll {
			err = fmt.Errorf("%w (polled %s)", err, a.p.timeout())
		}
	}
	if a.t != nil {
		a.t.Errorf("%s", err)
		a.t.FailNow()
	}
	return err
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
