// Package spinflag holds the event lesson that static analysis can see: a
// flag waited for in an empty loop. staticcheck rejects it, so it lives
// under testdata, which go vet ./... and staticcheck ./... skip, and a
// test runs the analyzers on it. The fixes, locks.OnceEvent and
// locks.ContextEvent, are in the locks package itself.
package spinflag

// SpinFlag is locks.FlagEvent with nothing in its loop: Wait spins on
// the flag until it reads true.
//
// Broken: the store in Set and the loads in Wait race, and under the Go
// memory model the loop may never see the store: with no synchronization
// the compiler may hoist the load and spin forever. staticcheck's SA5002
// reports the loop ("loop condition never changes or has a race
// condition"); it reports no loop that calls anything, so
// locks.FlagEvent, which yields in its loop, passes it and only the race
// detector sees that one.
type SpinFlag struct {
	set bool
}

func (e *SpinFlag) Set() { e.set = true }

func (e *SpinFlag) Wait() {
	for !e.set { // loop condition never changes or has a race condition
	}
}
