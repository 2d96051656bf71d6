package e2e

import (
	"net/http"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/flows"
)

// apiUser signs a fresh user up and in through the API and returns their name and the header
// that authenticates them.
func apiUser(f *flows.F) (string, http.Header) {
	name, password := signedUp(f)
	token := f.Secret(f.CallAPI("POST", "/api/login", map[string]string{"name": name, "password": password}, 200).Get("token").Str())
	return name, http.Header{"Authorization": {"Bearer " + token}}
}

var apiExportFlow = flows.Flow{Name: "api: the CSV export lists my shelf, newest first", NoBrowser: true, Doc: "GET /api/shelf.csv: the file, its name, the rows behind it", Run: func(f *flows.F) {
	name, auth := apiUser(f)
	f.API.Call("PUT", "/api/shelf/3", nil, auth)
	f.API.Call("PUT", "/api/shelf/15", nil, auth)
	res := f.API.Expect(200).Call("GET", "/api/shelf.csv", nil, auth)
	f.Step("check the file and the rows", func() {
		require.Equal(f, `attachment; filename="shelf-`+name+`.csv"`, res.Header.Get("Content-Disposition"))
		require.Equal(f, "title,author,year\nThe Count of Monte Cristo,Alexandre Dumas,1844\nMiddlemarch,George Eliot,1871\n", string(res.Body))
		f.ExpectRows("SELECT COUNT(*) FROM shelf s JOIN users u ON u.id = s.user_id WHERE u.name = ? AND s.removed_at IS NULL", name).ToHaveValue(2)
	})
	f.API.Expect(401).Get("/api/shelf.csv")
}}

var apiShareFlow = flows.Flow{Name: "api: a friend reads my shelf only while I share it", NoBrowser: true, Doc: "GET /api/shared/NAME: 403, then the shelf once shared, 403 again once unshared", Run: func(f *flows.F) {
	owner, ownerAuth := apiUser(f)
	friendName, friendAuth := apiUser(f)
	f.API.Call("PUT", "/api/shelf/7", nil, ownerAuth)
	f.API.Expect(403).Call("GET", "/api/shared/"+owner, nil, friendAuth)
	f.API.Expect(201).Call("POST", "/api/shares", map[string]string{"name": friendName}, ownerAuth)
	shelf := f.API.Expect(200).Call("GET", "/api/shared/"+owner, nil, friendAuth).JSON()
	require.Equal(f, "Wuthering Heights", shelf.Get("books.0.title").Str(), "the friend sees my shelf")
	f.ExpectRows(`SELECT COUNT(*) FROM shares s JOIN users o ON o.id = s.owner_id JOIN users u ON u.id = s.friend_id
		WHERE o.name = ? AND u.name = ?`, owner, friendName).ToHaveValue(1)
	f.API.Expect(204).Call("DELETE", "/api/shares/"+friendName, nil, ownerAuth)
	f.API.Expect(403).Call("GET", "/api/shared/"+owner, nil, friendAuth)
}}
