package flows

// User is a signed-in user that flows start from instead of signing in again (Flow.As): its
// SignIn signs in once, per worker or per run, and the browser state it leaves (cookies, local
// and session storage of the app's origins) is saved with the values it Set; each flow that
// starts as the user gets that state in a fresh context of its own. Playwright's storageState
// with a setup project, or Cypress's cy.session. Flows that test signing in or out start as
// nobody.
type User struct {
	// Name identifies the user in steps and errors.
	Name string
	// PerWorker gives each worker its own sign-in and so its own account: flows of different
	// workers never share server-side data. When false, one sign-in serves the whole run.
	PerWorker bool
	// SignIn signs in, through the UI like a user. The values it stores with F.Set (the
	// account's name) are saved with the state for the flows. It fails like a flow; the flows
	// that start as the user then fail with its failure.
	SignIn func(f *F)
}
