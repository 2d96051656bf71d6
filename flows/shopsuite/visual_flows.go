package shopsuite

import (
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/pages/shoppages"
)

// VisualFlows are the shop's visual checks, tagged @visual, which Suite runs on request (`e2e
// run --grep @visual`; --update-snapshots all writes the baselines in snapshots.dir): the catalogue (its
// first card and the whole page), and a product page (how it looks and its ARIA snapshot).
func VisualFlows() []flows.Flow {
	return []flows.Flow{{
		Name: "visual: catalogue", Tags: []string{"@visual"}, Doc: "the catalogue's first card and the whole page match their baselines",
		Run: func(f *flows.F) {
			catalog := shoppages.Catalog(f.Tab)
			catalog.Open()
			f.Expect(catalog.Cards.First()).ToHaveScreenshot("first card")
			f.ExpectPage().ToHaveScreenshot("catalogue", pages.ScreenshotOptions{FullPage: true})
		},
	}, {
		Name: "visual: product page", Tags: []string{"@visual"}, Doc: "the first product's page matches its baseline and its ARIA snapshot",
		Run: func(f *flows.F) {
			f.Tab.Goto("/products/1")
			f.ExpectPage().ToHaveScreenshot("product")
			f.Expect(f.Tab.GetByRole("main")).ToMatchAriaSnapshotFile("product")
		},
	}}
}
