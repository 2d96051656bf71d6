package shop

import (
	"errors"
	"net/http"
	"time"
)

// API reply shapes (see the contract's JSON API table).
type (
	apiMeReply struct {
		ID          int64  `json:"id"`
		Username    string `json:"username"`
		Email       string `json:"email"`
		DisplayName string `json:"display_name"`
		CreatedAt   string `json:"created_at"`
	}
	apiProduct struct {
		ID         int64  `json:"id"`
		Name       string `json:"name"`
		PriceCents int64  `json:"price_cents"`
	}
	apiFavourite struct {
		ProductID int64  `json:"product_id"`
		Name      string `json:"name"`
		AddedAt   string `json:"added_at"`
	}
	apiItems[T any] struct {
		Items []T `json:"items"`
	}
)

// apiSession returns the session of an API call, answering 401 (or 500) and
// returning nil without one.
func (s *Shop) apiSession(w http.ResponseWriter, r *http.Request) *session {
	sess, err := s.currentSession(r)
	if err != nil {
		s.serverError(w, r, err)
		return nil
	}
	if sess == nil {
		writeJSONError(w, http.StatusUnauthorized, "not signed in")
		return nil
	}
	return sess
}

// apiHealth answers GET /api/health.
func (s *Shop) apiHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.db.PingContext(r.Context()); err != nil {
		s.log.Error("shop: health", "err", err)
		writeJSONError(w, http.StatusServiceUnavailable, "database unavailable")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// apiMe answers GET /api/me.
func (s *Shop) apiMe(w http.ResponseWriter, r *http.Request) {
	sess := s.apiSession(w, r)
	if sess == nil {
		return
	}
	u := sess.User
	writeJSON(w, http.StatusOK, apiMeReply{
		ID: u.ID, Username: u.Username, Email: u.Email, DisplayName: u.DisplayName,
		CreatedAt: u.CreatedAt.UTC().Format(time.RFC3339),
	})
}

// apiProducts answers GET /api/products, ordered by id.
func (s *Shop) apiProducts(w http.ResponseWriter, r *http.Request) {
	products, err := s.listProducts(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	out := apiItems[apiProduct]{Items: make([]apiProduct, 0, len(products))}
	for _, p := range products {
		out.Items = append(out.Items, apiProduct{ID: p.ID, Name: p.Name, PriceCents: p.PriceCents})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiFavourites answers GET /api/favourites, newest first.
func (s *Shop) apiFavourites(w http.ResponseWriter, r *http.Request) {
	sess := s.apiSession(w, r)
	if sess == nil {
		return
	}
	favs, err := s.listFavourites(r.Context(), sess.User.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	out := apiItems[apiFavourite]{Items: make([]apiFavourite, 0, len(favs))}
	for _, f := range favs {
		out.Items = append(out.Items, apiFavourite{
			ProductID: f.ProductID, Name: f.Name, AddedAt: f.AddedAt.UTC().Format(time.RFC3339),
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiFavouriteTarget checks session and CSRF header and parses the product
// id of PUT/DELETE /api/favourites/{product_id}; ok is false once answered.
func (s *Shop) apiFavouriteTarget(w http.ResponseWriter, r *http.Request) (sess *session, productID int64, ok bool) {
	if sess = s.apiSession(w, r); sess == nil {
		return nil, 0, false
	}
	if !validSessionHeader(r, sess) && !s.hole(HoleCSRF) {
		writeJSONError(w, http.StatusForbidden, "invalid CSRF token")
		return nil, 0, false
	}
	id, valid := parseID(r.PathValue("product_id"))
	if !valid {
		writeJSONError(w, http.StatusNotFound, "product not found")
		return nil, 0, false
	}
	return sess, id, true
}

// apiFavouritePut answers PUT /api/favourites/{product_id}: 204, idempotent.
func (s *Shop) apiFavouritePut(w http.ResponseWriter, r *http.Request) {
	if sess, id, ok := s.apiFavouriteTarget(w, r); ok {
		s.putFavourite(w, r, sess.User.ID, id)
	}
}

// putFavourite adds the user's favourite and answers 204 (404 for an unknown product).
func (s *Shop) putFavourite(w http.ResponseWriter, r *http.Request, userID, productID int64) {
	if err := s.addFavourite(r.Context(), userID, productID); err != nil {
		if errors.Is(err, errNotFound) {
			writeJSONError(w, http.StatusNotFound, "product not found")
			return
		}
		s.serverError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiFavouriteDelete answers DELETE /api/favourites/{product_id}: 204, idempotent.
func (s *Shop) apiFavouriteDelete(w http.ResponseWriter, r *http.Request) {
	if sess, id, ok := s.apiFavouriteTarget(w, r); ok {
		s.deleteFavourite(w, r, sess.User.ID, id)
	}
}

// deleteFavourite removes the user's favourite and answers 204.
func (s *Shop) deleteFavourite(w http.ResponseWriter, r *http.Request, userID, productID int64) {
	if err := s.removeFavourite(r.Context(), userID, productID); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
