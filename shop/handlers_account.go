package shop

import (
	"net/http"
	"time"
)

// profilePage is the profile template's data.
type profilePage struct {
	User        user
	Since       string // RFC 3339, for <time datetime>
	SinceDate   string // e.g. 2024-05-01
	DisplayName string // the input's value
	Error       string
}

// pageSession returns the signed-in session of a protected page; without
// one it answers 303 to /login?next=<path> and returns nil.
func (s *Shop) pageSession(w http.ResponseWriter, r *http.Request) *session {
	sess, err := s.currentSession(r)
	if err != nil {
		s.serverError(w, r, err)
		return nil
	}
	if sess == nil {
		seeOther(w, loginURL(r))
		return nil
	}
	return sess
}

// newProfilePage fills the profile page for the session's user.
func newProfilePage(sess *session) profilePage {
	u := sess.User
	return profilePage{
		User:        u,
		Since:       u.CreatedAt.Format(time.RFC3339),
		SinceDate:   u.CreatedAt.Format("2006-01-02"),
		DisplayName: u.DisplayName,
	}
}

// handleProfile renders GET /profile.
func (s *Shop) handleProfile(w http.ResponseWriter, r *http.Request) {
	sess := s.pageSession(w, r)
	if sess == nil {
		return
	}
	s.render(w, r, sess, http.StatusOK, "profile", "Profile", newProfilePage(sess))
}

// handleProfileSave handles POST /profile: changes the display name.
func (s *Shop) handleProfileSave(w http.ResponseWriter, r *http.Request) {
	sess := s.pageSession(w, r)
	if sess == nil {
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	if !validSessionForm(r, sess) && !s.hole(HoleCSRF) {
		s.csrfFailed(w, r, sess)
		return
	}
	name, ok := cleanDisplayName(r.PostFormValue("display_name"))
	if !ok {
		page := newProfilePage(sess)
		page.DisplayName = name
		page.Error = "Display name must be 1 to 64 characters."
		s.render(w, r, sess, http.StatusUnprocessableEntity, "profile", "Profile", page)
		return
	}
	if err := s.setDisplayName(r.Context(), sess.User.ID, name); err != nil {
		s.serverError(w, r, err)
		return
	}
	setFlash(w, flashProfileUpdated)
	seeOther(w, "/profile")
}

// handleFavourites renders GET /favourites, newest first.
func (s *Shop) handleFavourites(w http.ResponseWriter, r *http.Request) {
	sess := s.pageSession(w, r)
	if sess == nil {
		return
	}
	favs, err := s.listFavourites(r.Context(), sess.User.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "favourites", "Favourites", favs)
}
