package backend

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/e2e-dev/e2e/steps"
)

// pollIntervals are the waits between Eventually's queries, the last one repeated: Playwright's
// expect.poll intervals.
var pollIntervals = []time.Duration{100 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond, time.Second}

// eventually runs the read-only query again and again until match accepts its rows, within the
// probe's Timeout (timeouts.action), and returns those rows: for backends that write
// asynchronously, or soft-delete. A query error fails at once; a timeout fails with the last
// rows seen.
func (p *Probe) eventually(query string, args []any, match func(rows []map[string]any) bool) ([]map[string]any, error) {
	ctx := p.ctx
	var out []map[string]any
	err := p.steps.Do("db: eventually "+oneLineSQL(query), func() error {
		if p.db == nil {
			return ErrNoDB
		}
		timeout := cmp.Or(p.Timeout, steps.DefaultActionTimeout)
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		var last []map[string]any
		for polls := 0; ; polls++ {
			rows, err := p.db.rows(ctx, query, args)
			switch {
			case err != nil && ctx.Err() != nil:
				return eventuallyFailed(timeout, polls, last)
			case err != nil:
				return fmt.Errorf("db: %w", err)
			case match(rows):
				out = rows
				return nil
			}
			last = rows
			wait := pollIntervals[min(polls, len(pollIntervals)-1)]
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return eventuallyFailed(timeout, polls+1, last)
			case <-t.C:
			}
		}
	})
	return out, err
}

// eventuallyFailed says that the rows never matched, with the last ones seen.
func eventuallyFailed(timeout time.Duration, polls int, last []map[string]any) error {
	return fmt.Errorf("db: the rows did not match within %s (timeouts.action, %d queries); last rows seen: %s", timeout, polls, formatRows(last))
}

// formatRows shows rows as JSON, at most ten of them.
func formatRows(rows []map[string]any) string {
	if len(rows) == 0 {
		return "none"
	}
	more := ""
	if len(rows) > 10 {
		more = fmt.Sprintf(" and %d more", len(rows)-10)
		rows = rows[:10]
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return fmt.Sprint(rows) + more
	}
	return string(b) + more
}
