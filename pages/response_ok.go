package pages

import "fmt"

// ExpectOKResponse is ExpectResponse that also fails when the response is not a success (2xx),
// its error naming the call, its status and body: Playwright's waitForResponse followed by
// expect(response).toBeOK(), for the clicks whose call must succeed before the page is judged.
func (s *Session) ExpectOKResponse(m URLMatch, action func() error) (*Response, error) {
	res, err := s.ExpectResponse(m, action)
	if err == nil && !res.OK() {
		err = fmt.Errorf("expected a success, found %s", res)
	}
	return res, err
}
