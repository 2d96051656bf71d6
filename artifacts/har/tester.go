package har

import (
	"cmp"
	"slices"
)

// SourceTester marks a HAR entry of a call e2e made itself (Entry.Source).
const SourceTester = "tester"

// AddEntry adds an exchange the tester made itself, beside the browser's: a backend API check.
// The entry is marked with Source "tester" and redacted like every other when the HAR is
// taken. Its StartedDateTime must be in the builder's format (ISO 8601 with milliseconds, UTC).
func (b *Builder) AddEntry(e Entry) {
	e.Source = SourceTester
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tester = append(b.tester, e)
}

// withTesterEntries merges the tester's entries into the browser's, sorted by
// startedDateTime (the browser's first at equal times).
func (b *Builder) withTesterEntries(browser []Entry) []Entry {
	b.mu.Lock()
	tester := slices.Clone(b.tester)
	b.mu.Unlock()
	if len(tester) == 0 {
		return browser
	}
	for i := range tester { // the slices inside are shared with the builder's copy: redaction must not reach it
		tester[i].Request.Headers = slices.Clone(tester[i].Request.Headers)
		tester[i].Request.Cookies = slices.Clone(tester[i].Request.Cookies)
		tester[i].Request.QueryString = slices.Clone(tester[i].Request.QueryString)
		tester[i].Response.Headers = slices.Clone(tester[i].Response.Headers)
		tester[i].Response.Cookies = slices.Clone(tester[i].Response.Cookies)
		if pd := tester[i].Request.PostData; pd != nil {
			c := *pd
			tester[i].Request.PostData = &c
		}
	}
	all := append(browser, tester...)
	slices.SortStableFunc(all, func(x, y Entry) int { return cmp.Compare(x.StartedDateTime, y.StartedDateTime) })
	return all
}
