// Package shoppages holds the page objects of e2e's reference shop: the worked example of a
// suite's page objects, written only against the engine's public building blocks (pages.Tab and
// its locators). Each is built on a flow's tab, gives the locators a flow checks as fields, and
// holds the actions that take more than one step. A team's own page objects look the same in a
// package of its own.
package shoppages

import (
	"fmt"

	"github.com/e2e-dev/e2e/pages"
)

// Account is what a user signs up with.
type Account struct {
	Username string
	Email    string
	Password string
}

// favouritesAPI is every call the pages make to change favourites.
var favouritesAPI = pages.Match("", "/api/favourites/*")

// withID is the element with data-testid id and data-product-id productID.
func withID(tab *pages.Tab, id, productID string) *pages.Locator {
	return tab.Locator(fmt.Sprintf(`[data-testid=%q][data-product-id=%q]`, id, productID))
}
