package browser

import (
	"fmt"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts"
)

// consoleEnables returns the calls that turn on the domains reporting console calls and
// uncaught exceptions (Runtime) and browser-side messages such as failed resource loads (Log).
func consoleEnables(p *rod.Page) []func() error {
	return []func() error{
		func() error {
			if err := (proto.RuntimeEnable{}).Call(p); err != nil {
				return fmt.Errorf("record console: enable the Runtime domain: %w", err)
			}
			return nil
		},
		func() error {
			if err := (proto.LogEnable{}).Call(p); err != nil {
				return fmt.Errorf("record console: enable the Log domain: %w", err)
			}
			return nil
		},
	}
}

// dispatchConsole feeds a Runtime or Log event to the console log. It reports whether msg was
// one it handles.
func dispatchConsole(msg *rod.Message, log *artifacts.ConsoleLog) bool {
	switch msg.Method {
	case "Runtime.consoleAPICalled":
		var e proto.RuntimeConsoleAPICalled
		msg.Load(&e)
		log.ConsoleAPICalled(&e)
	case "Runtime.exceptionThrown":
		var e proto.RuntimeExceptionThrown
		msg.Load(&e)
		log.ExceptionThrown(&e)
	case "Log.entryAdded":
		var e proto.LogEntryAdded
		msg.Load(&e)
		if e.Entry != nil && isNetworkProbe(e.Entry.URL) {
			return true // "Failed to load resource" of a network probe
		}
		log.EntryAdded(&e)
	default:
		return false
	}
	return true
}
