package shop

import (
	"errors"
	"net/http"
	"strconv"
)

// productPage is the product template's data.
type productPage struct {
	Product   product
	Favourite bool
}

// handleCatalog renders GET /: one card per product.
func (s *Shop) handleCatalog(w http.ResponseWriter, r *http.Request) {
	sess, err := s.currentSession(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	products, err := s.listProducts(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "catalog", "Catalog", products)
}

// handleProduct renders GET /products/{id}.
func (s *Shop) handleProduct(w http.ResponseWriter, r *http.Request) {
	sess, err := s.currentSession(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		s.notFound(w, r, sess)
		return
	}
	p, err := s.getProduct(r.Context(), id)
	if errors.Is(err, errNotFound) {
		s.notFound(w, r, sess)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page := productPage{Product: p}
	if sess != nil {
		if page.Favourite, err = s.isFavourite(r.Context(), sess.User.ID, p.ID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, sess, http.StatusOK, "product", p.Name, page)
}

// handleNotFound renders the 404 page for any other path.
func (s *Shop) handleNotFound(w http.ResponseWriter, r *http.Request) {
	sess, err := s.currentSession(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.notFound(w, r, sess)
}

// parseID parses a positive decimal id.
func parseID(v string) (int64, bool) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}
