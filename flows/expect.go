package flows

import "github.com/e2e-dev/e2e/pages"

// Expect returns web-first assertions on l that fail the flow:
// f.Expect(f.Tab.GetByRole("status")).ToHaveText("Saved"). Each polls until it holds or the
// action timeout ends; the flow's evidence (its screenshot among it) is taken at the failure.
func (f *F) Expect(l *pages.Locator) *pages.LocatorAssertions { return pages.Expect(l) }

// ExpectPage returns web-first assertions on the flow's page: URL, path (hash routes too) and
// title.
func (f *F) ExpectPage() *pages.PageAssertions { return pages.ExpectPage(f.Tab) }
