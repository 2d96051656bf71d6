// Command configdoc writes docs/configuration.md, the configuration reference, from config's
// schema (config.Keys: every key, its type, default, flag and environment variables) and the
// doc comments of config's structs (what a key without a flag is). go generate ./config runs
// it; its test fails when the file is stale.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("o", "docs/configuration.md", "the file to write")
	src := flag.String("config", "config", "the config package's folder, whose doc comments describe the keys")
	flag.Parse()
	b, err := reference(*src)
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "configdoc: "+err.Error())
		os.Exit(1)
	}
}
