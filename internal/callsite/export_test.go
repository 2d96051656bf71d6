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
