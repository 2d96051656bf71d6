package shop

import (
	"errors"
	"net/http"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Flash messages.
const (
	flashSignedUp       = "Account created. Please sign in."
	flashSignedOut      = "Signed out"
	flashProfileUpdated = "Profile updated."
	loginFailed         = "Invalid username or password"
)

// signupPage is the signup template's data.
type signupPage struct {
	FormCSRF  string
	Username  string
	Email     string
	Errors    map[string]string
	FormError string
}

// loginPage is the login template's data.
type loginPage struct {
	FormCSRF  string
	Next      string
	Username  string
	FormError string
}

func (p signupPage) formToken() string { return p.FormCSRF }
func (p loginPage) formToken() string  { return p.FormCSRF }

// handleSignupForm renders GET /signup.
func (s *Shop) handleSignupForm(w http.ResponseWriter, r *http.Request) {
	s.renderSignup(w, r, http.StatusOK, signupPage{})
}

// renderSignup renders the signup form with its double-submit token.
func (s *Shop) renderSignup(w http.ResponseWriter, r *http.Request, status int, page signupPage) {
	sess, err := s.currentSession(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if page.FormCSRF, err = formToken(w, r); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, sess, status, "signup", "Sign up", page)
}

// handleSignup handles POST /signup.
func (s *Shop) handleSignup(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	if !validDoubleSubmit(r) {
		s.csrfFailed(w, r, nil)
		return
	}
	f := signupForm{
		Username:        strings.TrimSpace(r.PostFormValue("username")),
		Email:           strings.TrimSpace(r.PostFormValue("email")),
		Password:        r.PostFormValue("password"),
		PasswordConfirm: r.PostFormValue("password_confirm"),
	}
	page := signupPage{Username: f.Username, Email: f.Email, Errors: f.validate(s.holes...)}
	ctx := r.Context()
	if len(page.Errors) == 0 || page.Errors["username"] == "" || page.Errors["email"] == "" {
		userTaken, emailTaken, err := s.takenFields(ctx, f.Username, f.Email)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if userTaken && page.Errors["username"] == "" {
			page.Errors["username"] = "That username is taken."
		}
		if emailTaken && page.Errors["email"] == "" {
			page.Errors["email"] = "That email is already registered."
		}
	}
	if len(page.Errors) > 0 {
		s.renderSignup(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(f.Password), s.cost)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if _, err := s.createUser(ctx, f.Username, f.Email, string(hash)); err != nil {
		var dup errDuplicate
		if !errors.As(err, &dup) {
			s.serverError(w, r, err)
			return
		}
		if dup.Field == "username" {
			page.Errors["username"] = "That username is taken."
		} else {
			page.Errors["email"] = "That email is already registered."
		}
		s.renderSignup(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	setFlash(w, flashSignedUp)
	seeOther(w, "/login")
}

// handleLoginForm renders GET /login.
func (s *Shop) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, http.StatusOK, loginPage{Next: safeNext(r.URL.Query().Get("next"))})
}

// renderLogin renders the login form with its double-submit token.
func (s *Shop) renderLogin(w http.ResponseWriter, r *http.Request, status int, page loginPage) {
	sess, err := s.currentSession(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if page.FormCSRF, err = formToken(w, r); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, sess, status, "login", "Sign in", page)
}

// handleLogin handles POST /login: a new session and 303 to next, or 401.
func (s *Shop) handleLogin(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	if !validDoubleSubmit(r) {
		s.csrfFailed(w, r, nil)
		return
	}
	username := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	password := r.PostFormValue("password")
	next := safeNext(r.FormValue("next")) // the form's field, else the query's (a client posting to /login?next=...)
	ctx := r.Context()

	id, hash, err := s.userCredentials(ctx, username)
	switch {
	case errors.Is(err, errNotFound):
		// Spend about the time a real comparison takes, then fail.
		_ = bcrypt.CompareHashAndPassword(s.dummyHash(), []byte(password))
		s.loginFailed(w, r, username, next)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		s.loginFailed(w, r, username, next)
		return
	}
	if err := s.createSession(ctx, w, r, id); err != nil {
		s.serverError(w, r, err)
		return
	}
	seeOther(w, next)
}

// loginFailed answers 401 with the form and one generic error.
func (s *Shop) loginFailed(w http.ResponseWriter, r *http.Request, username, next string) {
	s.renderLogin(w, r, http.StatusUnauthorized, loginPage{Next: next, Username: username, FormError: loginFailed})
}

// handleLogout handles POST /logout: deletes the session row, 303 to /.
func (s *Shop) handleLogout(w http.ResponseWriter, r *http.Request) {
	sess, err := s.currentSession(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if sess == nil {
		seeOther(w, "/login?next=/")
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	if !validSessionForm(r, sess) {
		s.csrfFailed(w, r, sess)
		return
	}
	if err := s.deleteSession(r.Context(), w, sess.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	setFlash(w, flashSignedOut)
	seeOther(w, "/")
}

// parseForm parses the posted form, answering 400 (or 413) when it cannot.
func (s *Shop) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		status := http.StatusBadRequest
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			status = http.StatusRequestEntityTooLarge
		}
		s.plainError(w, r, status, "could not read the form")
		return false
	}
	return true
}
