// Command bookshelf-e2e runs the bookshelf suite (run, list, config) and serves the app
// (bookshelf): a suite's whole main.
package main

import (
	"github.com/e2e-dev/e2e/bookshelf/e2e"
	"github.com/e2e-dev/e2e/cli"
)

func main() { cli.Main(e2e.Suite(), cli.WithName("bookshelf-e2e"), cli.WithCommand(e2e.Command())) }
