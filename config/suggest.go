package config

import (
	"sort"
	"strings"
)

// suggest returns the known key closest to an unknown one, or "".
func suggest(unknown string) string {
	lower := strings.ToLower(unknown)
	last := lower[strings.LastIndex(lower, ".")+1:]
	// The same leaf name in exactly one other section: headless ->
	// browser.headless.
	var same []string
	for _, k := range schema {
		if k.key[strings.LastIndex(k.key, ".")+1:] == last {
			same = append(same, k.key)
		}
	}
	if len(same) == 1 {
		return same[0]
	}
	best, bestDist := "", -1
	consider := func(c string) {
		if d := editDistance(lower, c); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	for _, k := range schema {
		consider(k.key)
	}
	secs := make([]string, 0, len(sections))
	for s := range sections {
		secs = append(secs, s)
	}
	sort.Strings(secs)
	for _, s := range secs {
		consider(s)
	}
	if bestDist <= max(1, min(3, len(lower)/4)) {
		return best
	}
	return ""
}

// editDistance is the optimal string alignment distance (Levenshtein
// plus adjacent transpositions) between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
