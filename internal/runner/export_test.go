package runner

import "github.com/e2e-dev/e2e/browser"

// SetTestHookNewPage makes fn run as each flow's page is about to be opened, until the returned
// function restores the previous hook.
func SetTestHookNewPage(fn func(*browser.Browser)) (restore func()) {
	old := testHookNewPage
	testHookNewPage = fn
	return func() { testHookNewPage = old }
}
