package callsite

// SetEngine replaces the engine's packages for a test and returns what undoes it: the external
// test package, itself under internal/, can then play a suite.
func SetEngine(pkgs []string) (restore func()) {
	old := enginePackages
	enginePackages = pkgs
	return func() { enginePackages = old }
}

// Through calls fn from an engine frame, as a locator's action calls a suite's code back.
func Through(fn func()) { fn() }

// SetRoot replaces e2e's module folder for a test and returns what undoes it.
func SetRoot(dir string) (restore func()) {
	old := root
	root = dir
	return func() { root = old }
}

// Root is e2e's module folder as the callsite package found it.
func Root() string { return root }

// InEngineFile is inEngineFile, for the test.
var InEngineFile = inEngineFile
