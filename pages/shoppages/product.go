package shoppages

import (
	"fmt"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/pages"
)

// ProductPage is one product at /products/{id}.
type ProductPage struct{ s *pages.Session }

// The product page's test ids and labels.
const (
	productName     = "product-name"
	favToggle       = "favourite-toggle"
	productPageName = "product page"
	// LabelAdd is the toggle's label when the product is not a favourite.
	LabelAdd = "Add to favourites"
	// LabelRemove is the toggle's label when the product is a favourite.
	LabelRemove = "Remove from favourites"
)

// Product returns the product page object.
func (u UI) Product() *ProductPage { return &ProductPage{s: u.s} }

func (p *ProductPage) get(id string) *pages.Locator {
	return p.s.GetByTestID(id).OnPage(productPageName)
}

// Name returns the product's name.
func (p *ProductPage) Name() (string, error) { return p.get(productName).Text() }

// Favourite is the state the favourite toggle shows.
type Favourite struct {
	Label   string // LabelAdd or LabelRemove
	Pressed bool   // aria-pressed
}

// FavouriteState returns what the toggle shows now.
func (p *ProductPage) FavouriteState() (Favourite, error) {
	toggle := p.get(favToggle)
	label, err := toggle.Text()
	if err != nil {
		return Favourite{}, err
	}
	pressed, _, err := toggle.Attribute("aria-pressed")
	return Favourite{Label: label, Pressed: pressed == "true"}, err
}

// favouritesAPI is what the favourite toggle and the remove buttons call.
var favouritesAPI = pages.Match("", "/api/favourites/*")

// ToggleFavourite clicks the toggle, waits for the API's answer, then for the page to show the
// opposite state, which it does only after that answer. When the API refuses, or the page does
// not follow, the error says what the API answered and what the toggle and the toast show.
func (p *ProductPage) ToggleFavourite() (Favourite, error) {
	var now Favourite
	err := p.s.Step(productPageName, fmt.Sprintf("toggle %q", favToggle), func() error {
		toggle := p.get(favToggle)
		before, err := p.FavouriteState()
		if err != nil {
			return err
		}
		want := Favourite{Label: LabelRemove, Pressed: true}
		if before.Pressed {
			want = Favourite{Label: LabelAdd, Pressed: false}
		}
		resp, err := p.s.ExpectResponse(favouritesAPI, toggle.Click)
		if err != nil {
			return err
		}
		if !resp.OK() {
			// The app refused: let the page take in the answer, then say what it shows.
			_ = pages.Expect(nil, toggle).ToBeEnabled()
			return p.toggleError(want, resp)
		}
		wait := pages.Expect(nil, toggle)
		for _, err := range []error{wait.ToHaveText(want.Label), wait.ToHaveAttribute("aria-pressed", fmt.Sprint(want.Pressed)), wait.ToBeEnabled()} {
			if err != nil {
				return p.toggleError(want, resp)
			}
		}
		now = want
		return nil
	})
	return now, err
}

// toggleError explains why the toggle does not show want after the API's answer resp.
func (p *ProductPage) toggleError(want Favourite, resp *pages.Response) error {
	got, _ := p.FavouriteState()
	toast, _ := readToast(p.s.Page)
	return fmt.Errorf("%s: %s; %q shows %q (aria-pressed=%v), want %q (aria-pressed=%v); toast: %q",
		productPageName, resp, favToggle, got.Label, got.Pressed, want.Label, want.Pressed, toast)
}

// Toast returns the toast message the last action showed.
func (p *ProductPage) Toast() (string, error) { return p.get(msgToast).Text() }

// readToast returns the toast's text at once, "" when there is none.
func readToast(pg *rod.Page) (string, error) {
	res, err := pg.Eval(`(sel) => { const e = document.querySelector(sel); return e ? e.textContent.trim() : "" }`, pages.TestID(msgToast))
	if err != nil {
		return "", err
	}
	return res.Value.Str(), nil
}
