// Command e2e walks the reference shop's user flows in real Chromium and checks both the UI and
// the backend: the shop suite's command line, as a team's own is (see cli).
//
//	e2e run       run the flows (all, or --grep REGEX); e2e [flags] is e2e run [flags]
//	e2e list      list the flows
//	e2e shop      serve the reference shop
//	e2e config    print the effective configuration, secrets masked
//	e2e merge-reports DIR...   merge shard reports into one
//	e2e init [DIR]  write a suite into your Go module, with CI workflows
//	e2e codegen URL record a flow and its page objects as you click through the app
//	e2e --version   e2e's version and revision, and the Chromium it would launch
package main

import (
	"github.com/e2e-dev/e2e/cli"
	"github.com/e2e-dev/e2e/flows/shopsuite"
	"github.com/e2e-dev/e2e/shop"
)

// version is e2e's version, set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	cli.Main(shopsuite.Suite(), cli.WithName("e2e"), cli.WithVersion(version), cli.WithCommand(shop.Command()),
		cli.WithCommand(cli.InitCommand()),
		cli.WithShort("Walk user flows in real Chromium and check the UI and the backend"))
}
