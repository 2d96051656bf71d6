package pages

import (
	"math"

	"github.com/go-rod/rod"
)

// AllInnerTexts returns at once the rendered text (innerText, trimmed) of every element l
// matches, in document order; none when nothing matches. Like Playwright's allInnerTexts it
// does not wait: wait for the content first, with a web-first assertion.
func (l *Locator) AllInnerTexts() []string {
	var out []string
	l.tab.must(l.tab.act(l.page, "read the texts of "+l.String(), func(p *rod.Page) error {
		els, err := l.all(p, math.MaxInt32)
		if err != nil {
			return err
		}
		out = make([]string, 0, len(els))
		for _, el := range els {
			res, err := el.Eval(innerTextJS)
			if err != nil {
				return err
			}
			out = append(out, res.Value.Str())
		}
		return nil
	}))
	return out
}
