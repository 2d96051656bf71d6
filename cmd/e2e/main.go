// Command e2e walks user flows in real Chromium against a web app (by default its own
// reference shop) and checks both the UI and the backend.
//
//	e2e run       run the flows (all, or --grep REGEX)
//	e2e list      list the flows
//	e2e shop      serve the reference shop
//	e2e config    print the effective configuration, secrets masked
//	e2e merge-reports DIR...   merge shard reports into one
package main

import "os"

func main() {
	os.Exit(execute(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
