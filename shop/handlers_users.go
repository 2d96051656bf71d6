package shop

import (
	"net/http"
	"strings"
	"time"
)

// The favourites of a user by id: GET /users/{user_id}/favourites, and under /api/ the list
// and PUT/DELETE of one product. Only the user themself may see or change them: anyone else
// gets 404, as if the user did not exist (HoleIDOR lets them through).

// ownUserID parses {user_id} and reports whether the session may act on it.
func (s *Shop) ownUserID(r *http.Request, sess *session) (int64, bool) {
	id, ok := parseID(r.PathValue("user_id"))
	if !ok {
		return 0, false
	}
	return id, id == sess.User.ID || s.hole(HoleIDOR)
}

// handleUserFavourites renders GET /users/{user_id}/favourites.
func (s *Shop) handleUserFavourites(w http.ResponseWriter, r *http.Request) {
	sess := s.pageSession(w, r)
	if sess == nil {
		return
	}
	id, ok := s.ownUserID(r, sess)
	if !ok {
		s.notFound(w, r, sess)
		return
	}
	favs, err := s.listFavourites(r.Context(), id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "favourites", "Favourites", favs)
}

// apiUserFavourites answers GET /api/users/{user_id}/favourites.
func (s *Shop) apiUserFavourites(w http.ResponseWriter, r *http.Request) {
	sess := s.apiSession(w, r)
	if sess == nil {
		return
	}
	id, ok := s.ownUserID(r, sess)
	if !ok {
		writeJSONError(w, http.StatusNotFound, "user not found")
		return
	}
	favs, err := s.listFavourites(r.Context(), id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	out := apiItems[apiFavourite]{Items: make([]apiFavourite, 0, len(favs))}
	for _, f := range favs {
		out.Items = append(out.Items, apiFavourite{ProductID: f.ProductID, Name: f.Name, AddedAt: f.AddedAt.UTC().Format(time.RFC3339)})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiUserFavouriteTarget checks the session, the CSRF header and the user of PUT/DELETE
// /api/users/{user_id}/favourites/{product_id}; ok is false once answered.
func (s *Shop) apiUserFavouriteTarget(w http.ResponseWriter, r *http.Request) (userID, productID int64, ok bool) {
	sess, productID, ok := s.apiFavouriteTarget(w, r)
	if !ok {
		return 0, 0, false
	}
	if userID, ok = s.ownUserID(r, sess); !ok {
		writeJSONError(w, http.StatusNotFound, "user not found")
		return 0, 0, false
	}
	return userID, productID, true
}

// apiUserFavouritePut answers PUT /api/users/{user_id}/favourites/{product_id}: 204.
func (s *Shop) apiUserFavouritePut(w http.ResponseWriter, r *http.Request) {
	if userID, productID, ok := s.apiUserFavouriteTarget(w, r); ok {
		s.putFavourite(w, r, userID, productID)
	}
}

// apiUserFavouriteDelete answers DELETE /api/users/{user_id}/favourites/{product_id}: 204.
func (s *Shop) apiUserFavouriteDelete(w http.ResponseWriter, r *http.Request) {
	if userID, productID, ok := s.apiUserFavouriteTarget(w, r); ok {
		s.deleteFavourite(w, r, userID, productID)
	}
}

// searchPage is the search template's data.
type searchPage struct {
	Query    string
	Products []product
}

// maxQuery bounds a search term.
const maxQuery = 100

// handleSearch renders GET /search?q=: the products whose name holds the term, ignoring case.
func (s *Shop) handleSearch(w http.ResponseWriter, r *http.Request) {
	sess, err := s.currentSession(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len([]rune(q)) > maxQuery {
		q = string([]rune(q)[:maxQuery])
	}
	products, err := s.listProducts(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page := searchPage{Query: q}
	for _, p := range products {
		if q != "" && strings.Contains(strings.ToLower(p.Name), strings.ToLower(q)) {
			page.Products = append(page.Products, p)
		}
	}
	s.render(w, r, sess, http.StatusOK, "search", "Search", page)
}
