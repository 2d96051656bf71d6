// Package doccheck reads the repository's markdown for its tests: the Go code blocks, which
// must compile, and the relative links, which must resolve inside the repository. The
// conventions a code block follows are in CONTRIBUTING.md ("Code in the docs").
package doccheck

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Block is a fenced code block of a markdown file.
type Block struct {
	// File is the markdown file it is in, as the caller named it.
	File string
	// Line is the line of its first line of code, from 1.
	Line int
	// Lang is the fence's language ("go"); Path is the word after it, when there is one: the
	// file of the document's example module that the block is ("suite/suite.go").
	Lang, Path string
	// Params are the parameters a fragment's wrapper function declares besides f, from a
	// "<!-- snippet: id int64, name string -->" line right before the fence.
	Params string
	// Code is the block's text, each line ending in a newline.
	Code string
}

// fence opens or closes a code block: up to three spaces, then ``` or ~~~ and the info.
var fence = regexp.MustCompile("^ {0,3}(```+|~~~+)\\s*(\\S*)\\s*(\\S*)")

// snippetParams is the comment that gives a fragment its free names.
var snippetParams = regexp.MustCompile(`^<!--\s*snippet:\s*(.*?)\s*-->\s*$`)

// Blocks returns the fenced code blocks of the markdown file path.
func Blocks(path string) ([]Block, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Block
	var open *Block
	var marker, params string
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		m := fence.FindStringSubmatch(line)
		switch {
		case open == nil && m != nil:
			open = &Block{File: path, Line: n + 1, Lang: m[2], Path: m[3], Params: params}
			marker = m[1]
		case open != nil && m != nil && strings.HasPrefix(m[1], marker) && m[2] == "":
			out = append(out, *open)
			open = nil
		case open != nil:
			open.Code += line + "\n"
		}
		params = ""
		if pm := snippetParams.FindStringSubmatch(strings.TrimSpace(line)); pm != nil && open == nil {
			params = pm[1]
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if open != nil {
		return nil, fmt.Errorf("%s:%d: code block never closed", path, open.Line-1)
	}
	return out, nil
}

// ModuleFiles returns the Go blocks of the markdown file path that name a file of its example
// module ("```go suite/suite.go"), by file name.
func ModuleFiles(path string) (map[string]string, error) {
	blocks, err := Blocks(path)
	if err != nil {
		return nil, err
	}
	files := map[string]string{}
	for _, b := range blocks {
		if b.Lang != "go" || b.Path == "" {
			continue
		}
		if _, dup := files[b.Path]; dup {
			return nil, fmt.Errorf("%s:%d: %s is in two blocks", path, b.Line, b.Path)
		}
		files[b.Path] = b.Code
	}
	return files, nil
}
