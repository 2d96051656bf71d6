package visual

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Update is when baselines are written (--update-snapshots).
type Update string

// The update modes, as Playwright's.
const (
	// UpdateNone writes nothing: a missing baseline fails.
	UpdateNone Update = "none"
	// UpdateMissing writes a missing baseline and fails the flow saying so (the default).
	UpdateMissing Update = "missing"
	// UpdateChanged writes every baseline that is missing or fails its check (beyond the
	// check's tolerance), and passes, as Playwright's "changed".
	UpdateChanged Update = "changed"
	// UpdateAll writes every baseline that is missing or differs at all, within the tolerance
	// or not, and passes.
	UpdateAll Update = "all"
)

// Updates are the accepted modes, for config validation.
var Updates = []string{string(UpdateNone), string(UpdateMissing), string(UpdateChanged), string(UpdateAll)}

// Valid reports whether u is one of Updates.
func (u Update) Valid() bool { return slices.Contains(Updates, string(u)) }

// Key names a baseline: a check's name within its flow, in its suite, for a project and a
// platform.
type Key struct {
	// Suite and Flow are the suite's and the flow's names.
	Suite, Flow string
	// Name is the check's name within the flow ("catalogue"); an extension in it is dropped.
	Name string
	// Project is the project the flow ran in; empty when the suite has none.
	Project string
	// Platform is the operating system the browser ran on (runtime.GOOS of the run; "linux").
	Platform string
}

// Path is where the baseline of k with extension ext (".png", ".aria.yml") lives under dir:
// dir/<suite>/<flow>/<name>[-<project>]-<platform><ext>, each part made safe for a file name.
func (k Key) Path(dir, ext string) string {
	name := k.Name
	for _, e := range []string{ext, filepath.Ext(name)} {
		name = strings.TrimSuffix(name, e)
	}
	file := safeName(name)
	if k.Project != "" {
		file += "-" + safeName(k.Project)
	}
	if k.Platform != "" {
		file += "-" + safeName(k.Platform)
	}
	return filepath.Join(dir, safeName(k.Suite), safeName(k.Flow), file+ext)
}

// Validate checks that the key names a file.
func (k Key) Validate() error {
	if safeName(strings.TrimSuffix(k.Name, filepath.Ext(k.Name))) == "" {
		return fmt.Errorf("the name %q has no letter or digit: give the check a name such as \"catalogue\"", k.Name)
	}
	return nil
}

// unsafe are the runs of characters a file name does not keep, as Playwright's
// sanitizeForFilePath.
var unsafe = regexp.MustCompile(`[\x00-\x2C\x2E-\x2F\x3A-\x40\x5B-\x60\x7B-\x7F\s›]+`)

// safeName replaces every run of characters unsafe in a file name with "-".
func safeName(s string) string {
	return strings.Trim(unsafe.ReplaceAllString(s, "-"), "-")
}
