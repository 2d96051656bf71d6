package browser

import (
	"fmt"
	"slices"
)

// PinMode says whether each worker's browser runs on CPUs of its own (run.pin_workers).
type PinMode string

// Worker pinning modes.
const (
	// PinAuto pins when the workers fill the CPUs: as many workers as CPUs, at least two.
	PinAuto PinMode = "auto"
	// PinOn always splits the CPUs among the workers.
	PinOn PinMode = "on"
	// PinOff lets every browser run on any CPU.
	PinOff PinMode = "off"
)

// PinModes lists the pinning modes, in the order messages and help show them.
var PinModes = []PinMode{PinAuto, PinOn, PinOff}

// Valid reports whether m is one of PinModes.
func (m PinMode) Valid() bool { return slices.Contains(PinModes, m) }

// workerCPUs returns the CPUs each of n workers' browsers may run on under mode, given the CPUs
// the tester may use; nil means no pinning.
//
// A browser hands every action from thread to thread (the tester's connection, the browser's IO
// and UI threads, the renderer, the GPU process). When two browsers share the CPUs freely, those
// hand-offs often wake a thread on the other CPU, which on a virtual machine costs tens to
// hundreds of microseconds each; a browser kept on one CPU hands off on that CPU (bench/README.md
// has the figures). With spare CPUs, pinning would take from a browser CPUs it could use alone,
// so auto leaves them free.
//
// With PinOn and no more workers than CPUs, worker i gets the CPUs i, i+n, i+2n, ... of the list;
// with more workers than CPUs, worker i shares CPU i mod len(cpus).
func workerCPUs(mode PinMode, n int, cpus []int) [][]int {
	if n < 2 || len(cpus) < 2 || mode == PinOff || ((mode == PinAuto || mode == "") && n != len(cpus)) {
		return nil
	}
	split := make([][]int, n)
	if n >= len(cpus) {
		for i := range split {
			split[i] = []int{cpus[i%len(cpus)]}
		}
		return split
	}
	for j, c := range cpus {
		split[j%n] = append(split[j%n], c)
	}
	return split
}

// WorkerOptions returns the browser options of each of n workers: base, with CPUs of their own
// when mode pins them ("" is PinAuto). A remote browser is not pinned, but for the browser of a
// Selenium node that turns out to run on this machine (NodeCPUs).
func WorkerOptions(base Options, mode PinMode, n int) ([]Options, error) {
	all := make([]Options, n)
	for i := range all {
		all[i] = base
	}
	if base.Remote.Kind.Remote() {
		if cpus, err := AllowedCPUs(); err == nil && base.Remote.Kind == KindSelenium {
			for i, set := range workerCPUs(mode, n, cpus) {
				all[i].NodeCPUs = set
			}
		}
		return all, nil
	}
	cpus, err := AllowedCPUs()
	if err != nil {
		if mode == PinOn {
			return nil, fmt.Errorf("pin workers to CPUs: %w", err)
		}
		return all, nil // auto: nothing to pin to
	}
	for i, set := range workerCPUs(mode, n, cpus) {
		all[i].CPUs = set
	}
	return all, nil
}
