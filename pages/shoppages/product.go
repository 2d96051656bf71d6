package shoppages

import (
	"errors"
	"fmt"

	"github.com/e2e-dev/e2e/pages"
	"github.com/go-rod/rod"
)

// ProductPage is one product at /products/{id}.
type ProductPage struct{ s *pages.Session }

// The product page's test ids and labels.
const (
	productName     = "product-name"
	productPrice    = "product-price"
	favToggle       = "favourite-toggle"
	productPageName = "product page"
	// LabelAdd is the toggle's label when the product is not a favourite.
	LabelAdd = "Add to favourites"
	// LabelRemove is the toggle's label when the product is a favourite.
	LabelRemove = "Remove from favourites"
)

// Product returns the product page object.
func (u UI) Product() *ProductPage { return &ProductPage{s: u.s} }

// Open goes to the page of product id.
func (p *ProductPage) Open(id string) error {
	return p.s.Goto(productPageName, "/products/"+id)
}

// Name returns the product's name.
func (p *ProductPage) Name() (string, error) { return p.s.Text(productPageName, productName) }

// Price returns the product's price as shown.
func (p *ProductPage) Price() (string, error) { return p.s.Text(productPageName, productPrice) }

// Favourite is the state the favourite toggle shows.
type Favourite struct {
	Label   string // LabelAdd or LabelRemove
	Pressed bool   // aria-pressed
}

// FavouriteState returns what the toggle shows now.
func (p *ProductPage) FavouriteState() (Favourite, error) {
	var st Favourite
	err := p.s.Action(productPageName, "read the favourite toggle", func(pg *rod.Page) error {
		el, err := p.s.Visible(pg, productPageName, favToggle)
		if err != nil {
			return err
		}
		st, err = toggleState(el)
		return err
	})
	return st, err
}

func toggleState(el *rod.Element) (Favourite, error) {
	res, err := el.Eval(`() => [this.textContent.trim(), this.getAttribute("aria-pressed")]`)
	if err != nil {
		return Favourite{}, err
	}
	arr := res.Value.Arr()
	return Favourite{Label: arr[0].Str(), Pressed: arr[1].Str() == "true"}, nil
}

// ToggleFavourite clicks the toggle, waits for the API's answer, then for the page to show the
// opposite state, which it does only after that answer. When the API refuses, or the page does
// not follow, the error says what the API answered and what the toggle and the toast show.
func (p *ProductPage) ToggleFavourite() (Favourite, error) {
	var now Favourite
	err := p.s.Action(productPageName, fmt.Sprintf("toggle %q", favToggle), func(pg *rod.Page) error {
		el, err := p.s.Visible(pg, productPageName, favToggle)
		if err != nil {
			return err
		}
		before, err := toggleState(el)
		if err != nil {
			return err
		}
		want := Favourite{Label: LabelRemove, Pressed: true}
		if before.Pressed {
			want = Favourite{Label: LabelAdd, Pressed: false}
		}
		ans, err := p.s.ClickAndWaitAPI(pg, el, favouritesAPI)
		if err != nil {
			return err
		}
		if !ans.OK() {
			// The app refused: let the page take in the answer, then say what it shows.
			_ = el.Wait(rod.Eval(`() => !this.disabled`))
			return p.toggleError(el, want, ans, nil)
		}
		err = el.Wait(rod.Eval(`(label, pressed) => this.textContent.trim() === label && this.getAttribute("aria-pressed") === pressed && !this.disabled`,
			want.Label, fmt.Sprint(want.Pressed)))
		if err != nil && pages.IsTimeout(err) && p.s.Page.GetContext().Err() == nil {
			return p.toggleError(el, want, ans, err)
		}
		now = want
		return err
	})
	return now, err
}

// favouritesAPI is the path the favourite toggle and the remove buttons call.
const favouritesAPI = "/api/favourites/"

// toggleError explains why the toggle does not show want after the API's answer ans.
func (p *ProductPage) toggleError(el *rod.Element, want Favourite, ans pages.APIAnswer, err error) error {
	// The action's own timeout may have expired: read what is shown within the flow's.
	got, _ := toggleState(el.Context(p.s.Page.GetContext()))
	toast, _ := readToast(p.s.Page)
	what := fmt.Sprintf("%s; %q shows %q (aria-pressed=%v), want %q (aria-pressed=%v); toast: %q",
		ans, favToggle, got.Label, got.Pressed, want.Label, want.Pressed, toast)
	if err == nil {
		return errors.New(what) // action() names the page
	}
	return p.s.WaitFailed(productPageName, what, err)
}

// Toast returns the toast message the last action showed.
func (p *ProductPage) Toast() (string, error) { return p.s.Text(productPageName, msgToast) }

// readToast returns the toast's text at once, "" when there is none.
func readToast(pg *rod.Page) (string, error) {
	res, err := pg.Eval(`(sel) => { const e = document.querySelector(sel); return e ? e.textContent.trim() : "" }`, pages.TestID(msgToast))
	if err != nil {
		return "", err
	}
	return res.Value.Str(), nil
}
