// Package scaffold writes a new e2e suite into a team's Go module, as `e2e init` does: the
// suite package with a sample flow and its page object, the suite's command, a go test entry,
// e2e.yaml and the CI recipes of docs/ci. It never overwrites a file unless told to.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"go/format"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/docs/ci"
)

//go:embed templates/*.tmpl
var templates embed.FS

// Auth is how the suite's API calls authenticate as the browser's user (backend.auth).
type Auth struct {
	// Kind is "" (the browser's cookies, the default) or backend.AuthStorage.
	Kind backend.AuthKind
	// Storage is where the app keeps its token.
	Storage backend.StorageArea
	// Key is the storage key holding the token; Path the dotted JSON path inside its value.
	Key, Path string
	// Header is the header to send, Template its value with {{.}} for the token.
	Header, Template string
}

// ParseAuth reads an auth style: "cookies", or "storage:KEY.PATH" (the token at JSON path PATH
// in the value of localStorage's KEY; "storage:KEY" when the value is the token). header and
// tmpl name the header sent and its value ("Authorization", "Bearer {{.}}").
func ParseAuth(style, storage, header, tmpl string) (Auth, error) {
	switch {
	case style == "" || style == string(backend.AuthCookies):
		return Auth{}, nil
	case strings.HasPrefix(style, "storage:"):
		key, p, _ := strings.Cut(strings.TrimPrefix(style, "storage:"), ".")
		if key == "" {
			return Auth{}, fmt.Errorf("--auth %q: expected storage:KEY.PATH, like storage:session.token", style)
		}
		if !backend.StorageArea(storage).Valid() {
			return Auth{}, fmt.Errorf("--auth-storage %q: expected %s or %s", storage, backend.StorageLocal, backend.StorageSession)
		}
		if header == "" {
			return Auth{}, errors.New("--auth-header is empty: name the header the token goes in, like Authorization")
		}
		if !strings.Contains(tmpl, "{{.}}") {
			return Auth{}, fmt.Errorf("--auth-template %q: expected {{.}} where the token goes, like \"Bearer {{.}}\"", tmpl)
		}
		return Auth{Kind: backend.AuthStorage, Storage: backend.StorageArea(storage), Key: key, Path: p, Header: header, Template: tmpl}, nil
	}
	return Auth{}, fmt.Errorf("--auth %q: expected cookies or storage:KEY.PATH", style)
}

// Options are what Init writes.
type Options struct {
	// Dir is the folder to write into, inside a Go module (its root, usually).
	Dir string
	// Name names the suite and its command (<name>-e2e); "" takes the module path's last element,
	// less a -e2e suffix.
	Name string
	// URL is the app's base URL.
	URL string
	// Auth is how API calls authenticate.
	Auth Auth
	// DBDriver and DSN are the app's database ("" for none).
	DBDriver, DSN string
	// Title and Heading are the home page's title and first heading, for the sample flow to
	// expect ("" to leave them out); Probe finds them.
	Title, Heading string
	// Force overwrites files that exist.
	Force bool
}

// File is one file Init wrote or would write.
type File struct {
	Path string // relative to Options.Dir, slash-separated
	Body []byte
}

// ErrExists is returned when files Init would write exist and Force is off.
var ErrExists = errors.New("files exist")

// data is what the templates see.
type data struct {
	Options
	SuiteDir, CmdDir, SuiteImport string
}

// Files returns the files of the suite Options describe, without writing them.
func Files(o Options) ([]File, error) {
	modDir, modPath, err := findModule(o.Dir)
	if err != nil {
		return nil, err
	}
	if o.Name == "" { // a module example.com/myapp-e2e holds the suite myapp, run by cmd/myapp-e2e
		o.Name = strings.TrimSuffix(path.Base(modPath), "-e2e")
	}
	if !regexp.MustCompile(`^[a-z][a-z0-9-]*$`).MatchString(o.Name) {
		return nil, fmt.Errorf("--name %q: expected lowercase letters, digits and dashes, starting with a letter", o.Name)
	}
	abs, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(modDir, abs)
	if err != nil {
		return nil, err
	}
	d := data{Options: o, SuiteDir: "e2e", CmdDir: "cmd/" + strings.TrimSuffix(o.Name, "-e2e") + "-e2e"}
	d.SuiteImport = path.Join(modPath, filepath.ToSlash(rel), d.SuiteDir)
	tmpl, err := template.ParseFS(templates, "templates/*.tmpl")
	if err != nil {
		return nil, err
	}
	var files []File
	for _, f := range []struct{ tmpl, path string }{
		{"suite.go.tmpl", d.SuiteDir + "/suite.go"},
		{"home.go.tmpl", d.SuiteDir + "/home.go"},
		{"suite_test.go.tmpl", d.SuiteDir + "/suite_test.go"},
		{"main.go.tmpl", d.CmdDir + "/main.go"},
		{"e2e.yaml.tmpl", "e2e.yaml"},
	} {
		var b bytes.Buffer
		if err := tmpl.ExecuteTemplate(&b, f.tmpl, d); err != nil {
			return nil, fmt.Errorf("%s: %w", f.path, err)
		}
		body := b.Bytes()
		if strings.HasSuffix(f.path, ".go") {
			if body, err = format.Source(body); err != nil {
				return nil, fmt.Errorf("%s: %w (a bug)", f.path, err)
			}
		}
		files = append(files, File{Path: f.path, Body: body})
	}
	files = append(files,
		File{Path: ".github/workflows/e2e.yml", Body: []byte(ci.For(ci.GitHubWorkflow, "./"+d.CmdDir))},
		File{Path: ".gitlab/e2e.gitlab-ci.yml", Body: []byte(ci.For(ci.GitLab, "./"+d.CmdDir))})
	return files, nil
}

// Init writes the suite Options describe and returns the files it wrote. Unless o.Force is set
// it writes nothing when any of them exists, and returns ErrExists naming them.
func Init(o Options) ([]File, error) {
	files, err := Files(o)
	if err != nil {
		return nil, err
	}
	if !o.Force {
		var exist []string
		for _, f := range files {
			if _, err := os.Stat(filepath.Join(o.Dir, f.Path)); err == nil {
				exist = append(exist, f.Path)
			}
		}
		if len(exist) > 0 {
			return nil, fmt.Errorf("%w: %s (--force overwrites them)", ErrExists, strings.Join(exist, ", "))
		}
	}
	for _, f := range files {
		p := filepath.Join(o.Dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, f.Body, 0o644); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// findModule returns the root folder and module path of the Go module holding dir.
func findModule(dir string) (string, string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		b, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			m := regexp.MustCompile(`(?m)^module\s+"?([^\s"]+)"?`).FindSubmatch(b)
			if m == nil {
				return "", "", fmt.Errorf("%s: no module line", filepath.Join(d, "go.mod"))
			}
			return d, string(m[1]), nil
		}
		if filepath.Dir(d) == d {
			return "", "", fmt.Errorf("%s is not in a Go module: run go mod init first", abs)
		}
	}
}
