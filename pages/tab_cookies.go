package pages

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Cookies returns the cookies the browser context would send to the base URL, HttpOnly ones
// too, as net/http cookies (for f.API.WithCookies).
func (tab *Tab) Cookies() []*http.Cookie {
	var out []*http.Cookie
	tab.must(tab.read(tabLabel, func(p *rod.Page) error {
		cs, err := p.Cookies([]string{tab.baseURL + "/"})
		if err != nil {
			return err
		}
		out = make([]*http.Cookie, len(cs))
		for i, c := range cs {
			out[i] = &http.Cookie{Name: c.Name, Value: c.Value}
		}
		return nil
	}))
	return out
}

// AddCookies adds cookies to the tab's browser context, which all its tabs share, as
// Playwright's context.addCookies: a cookie without a Domain is the base URL's (on Path, "/"
// when empty); Expires or MaxAge make it last, Secure, HttpOnly and SameSite are kept. The step
// names the cookies, never their values, which are scrubbed from every artifact.
//
//	f.Tab.AddCookies(&http.Cookie{Name: "consent", Value: "all"})
func (tab *Tab) AddCookies(cookies ...*http.Cookie) {
	params := make([]*proto.NetworkCookieParam, 0, len(cookies))
	names := make([]string, 0, len(cookies))
	for _, c := range cookies {
		if c == nil || c.Name == "" {
			tab.must(fmt.Errorf("%s: add cookies: a cookie has no name: give each a Name", tabLabel))
		}
		names = append(names, strconv.Quote(c.Name))
		param, err := tab.cookieParam(c)
		if err != nil {
			tab.must(fmt.Errorf("%s: add cookie %q: %w", tabLabel, c.Name, err))
		}
		params = append(params, param)
		if tab.o.Secret != nil {
			tab.o.Secret(c.Value)
		}
	}
	what := "add cookies " + strings.Join(names, ", ")
	tab.must(tab.act(tabLabel, what, func(p *rod.Page) error {
		if err := (proto.NetworkSetCookies{Cookies: params}).Call(p); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}))
}

// cookieParam is c as the browser takes it: for the base URL when c has no Domain.
func (tab *Tab) cookieParam(c *http.Cookie) (*proto.NetworkCookieParam, error) {
	p := &proto.NetworkCookieParam{Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path,
		Secure: c.Secure, HTTPOnly: c.HttpOnly}
	if c.Domain == "" {
		if tab.baseURL == "" {
			return nil, fmt.Errorf("it has no Domain and the tab no base URL: give it a Domain")
		}
		p.URL = tab.baseURL + "/"
	}
	if p.Path == "" {
		p.Path = "/"
	}
	switch {
	case c.MaxAge < 0:
		p.Expires = proto.TimeSinceEpoch(time.Now().Add(-time.Hour).Unix())
	case c.MaxAge > 0:
		p.Expires = proto.TimeSinceEpoch(time.Now().Add(time.Duration(c.MaxAge) * time.Second).Unix())
	case !c.Expires.IsZero():
		p.Expires = proto.TimeSinceEpoch(c.Expires.Unix())
	}
	switch c.SameSite {
	case http.SameSiteStrictMode:
		p.SameSite = proto.NetworkCookieSameSiteStrict
	case http.SameSiteLaxMode:
		p.SameSite = proto.NetworkCookieSameSiteLax
	case http.SameSiteNoneMode:
		p.SameSite = proto.NetworkCookieSameSiteNone
	}
	return p, nil
}

// ClearCookies removes every cookie of the tab's browser context, which all its tabs share, as
// Playwright's context.clearCookies: the user is signed out of a cookie session.
func (tab *Tab) ClearCookies() {
	tab.must(tab.act(tabLabel, "clear cookies", func(p *rod.Page) error {
		if err := (proto.NetworkClearBrowserCookies{}).Call(p); err != nil {
			return fmt.Errorf("clear cookies: %w", err)
		}
		return nil
	}))
}
