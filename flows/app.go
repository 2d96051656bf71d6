package flows

// App is the app under test as a suite's Start hook started or found it: where the browser
// opens it, where the backend probes call it, and its database.
type App struct {
	// BaseURL is where the browser opens the app.
	BaseURL string
	// APIURL is where the backend probes call it; "" means BaseURL.
	APIURL string
	// DBDriver and DBDSN say where its database is when the suite knows (an app it started);
	// backend.db.dsn, when set, wins. With neither, flows run without a database and a flow
	// that reads it fails saying to set backend.db.dsn.
	DBDriver, DBDSN string
	// Stop, when set, stops what the suite's Start started.
	Stop func() error
}
