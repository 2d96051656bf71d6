package shop

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func userID(t *testing.T, c *client) int64 {
	var me struct{ ID int64 }
	c.api(http.MethodGet, "/api/me", "").JSON(t, &me)
	require.NotZero(t, me.ID)
	return me.ID
}

func TestUserFavouritesByIDOnlyForTheUser(t *testing.T) {
	for _, holed := range []bool{false, true} {
		t.Run(fmt.Sprint("hole ", holed), func(t *testing.T) {
			var faults []Fault
			if holed {
				faults = append(faults, Fault{Hole: HoleIDOR})
			}
			ts := newTestShop(t, faults...)
			a, b := ts.signedUp(t, "alice"), ts.signedUp(t, "bob")
			aid := userID(t, a)
			own := fmt.Sprintf("/api/users/%d/favourites", aid)
			require.Equal(t, http.StatusNoContent, a.api(http.MethodPut, own+"/2", a.csrf).Status)
			require.Equal(t, http.StatusOK, a.api(http.MethodGet, own, "").Status)
			require.Equal(t, http.StatusOK, a.get(fmt.Sprintf("/users/%d/favourites", aid)).Status)

			want := http.StatusNotFound
			if holed {
				want = http.StatusOK
			}
			assert.Equal(t, want, b.api(http.MethodGet, own, "").Status)
			assert.Equal(t, want, b.get(fmt.Sprintf("/users/%d/favourites", aid)).Status)
			if holed {
				want = http.StatusNoContent
			}
			assert.Equal(t, want, b.api(http.MethodDelete, own+"/2", b.csrf).Status)
			left := 1
			if holed {
				left = 0
			}
			assert.Equal(t, left, ts.count(t, `SELECT COUNT(*) FROM favourites`))
		})
	}
}

func TestHoleFaultRules(t *testing.T) {
	f, err := ParseFault("hole:csrf")
	require.NoError(t, err)
	assert.Equal(t, Fault{Hole: HoleCSRF}, f)
	assert.Equal(t, "hole:csrf", f.String())
	_, err = ParseFault("hole:sqli")
	assert.ErrorContains(t, err, `unknown hole "sqli": expected one of idor, csrf, xss`)

	ts := newTestShop(t, Fault{Hole: HoleCSRF})
	a := ts.signedUp(t, "alice")
	assert.Equal(t, http.StatusNoContent, a.api(http.MethodPut, "/api/favourites/1", "").Status, "no token, holed")
	assert.Equal(t, http.StatusSeeOther, a.post("/profile", url.Values{"display_name": {"Hacked"}}).Status)
}

func TestSearchEscapesTheTerm(t *testing.T) {
	evil := `<img src=x onerror=alert(1)>`
	for _, holed := range []bool{false, true} {
		var faults []Fault
		if holed {
			faults = append(faults, Fault{Hole: HoleXSS})
		}
		ts := newTestShop(t, faults...)
		body := ts.client(t).get("/search?q=" + url.QueryEscape(evil)).Body
		assert.Equal(t, holed, strings.Contains(body, evil), "hole %v", holed)
		assert.Contains(t, ts.client(t).get("/search?q=a").Body, `data-testid="search-results"`)
	}
}
