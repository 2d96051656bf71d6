package pages

import "fmt"

// ExpectOKResponse is ExpectResponse that also fails the flow when the response is not a
// success (2xx), naming the call, its status and body: Playwright's waitForResponse followed by
// expect(response).toBeOK(), for the clicks whose call must succeed before the page is judged.
func (tab *Tab) ExpectOKResponse(m URLMatch, action func()) *Response {
	res := tab.ExpectResponse(m, action)
	if !res.OK() {
		tab.must(fmt.Errorf("%s: expected a success, found %s", tabLabel, res))
	}
	return res
}
