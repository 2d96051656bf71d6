package doccheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// ExportImporter returns an importer of the compiled packages of the module at dir, and of
// their dependencies, as go list -export builds them: what a team's module would compile
// against. preload names packages to build at once; any other is built when first imported.
func ExportImporter(fset *token.FileSet, dir string, preload ...string) (types.Importer, error) {
	e := &exports{dir: dir, files: map[string]string{}}
	if err := e.load(preload...); err != nil {
		return nil, err
	}
	return importer.ForCompiler(fset, "gc", e.open), nil
}

// exports maps import paths to their export data files.
type exports struct {
	dir   string
	mu    sync.Mutex
	files map[string]string
}

// load runs go list -export -deps on paths and records every export file it names.
func (e *exports) load(paths ...string) error {
	if len(paths) == 0 {
		return nil
	}
	cmd := exec.Command("go", append([]string{"list", "-e", "-export", "-deps", "-json=ImportPath,Export,Error"}, paths...)...)
	cmd.Dir = e.dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go list -export %s: %w: %s", strings.Join(paths, " "), err, strings.TrimSpace(stderr.String()))
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	e.mu.Lock()
	defer e.mu.Unlock()
	for {
		var p struct {
			ImportPath, Export string
			Error              *struct{ Err string }
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
		if p.Error != nil {
			return fmt.Errorf("%s: %s", p.ImportPath, p.Error.Err)
		}
		if p.Export != "" {
			e.files[p.ImportPath] = p.Export
		}
	}
}

// open is the gc importer's lookup: the export data of path, built now if it was not yet.
func (e *exports) open(path string) (io.ReadCloser, error) {
	e.mu.Lock()
	file, ok := e.files[path]
	e.mu.Unlock()
	if !ok {
		if err := e.load(path); err != nil {
			return nil, err
		}
		e.mu.Lock()
		file, ok = e.files[path]
		e.mu.Unlock()
		if !ok {
			return nil, fmt.Errorf("%s: no export data", path)
		}
	}
	return os.Open(file)
}
