// Package copylock holds the locks lesson that only static analysis can
// show: go vet rejects it, so it lives under testdata, which go vet ./...
// skips, and a test runs vet on it. The fix, locks.PointerReceiver, is
// in the locks package itself.
package copylock

import "sync"

// CopyValue is a gauge whose methods have value receivers, as a Python
// programmer might write them: in Python every object is a reference.
//
// Broken: a value receiver copies the struct, lock and all, on every
// call. Add locks a private copy of mu, so the lock excludes nobody, and
// adds to a private copy of n, so the update is lost when Add returns.
// Ranging over a []CopyValue copies each gauge the same way. go vet's
// copylocks analyzer reports both ("passes lock by value", "range var g
// copies lock"); the race detector cannot, because no two goroutines
// ever touch the same copy.
type CopyValue struct {
	mu sync.Mutex
	n  int
}

func (g CopyValue) Add(d int) { // passes lock by value: locks a copy
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n += d // adds to the copy
}

func (g CopyValue) Value() int { // passes lock by value
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

// TotalOf returns the sum of the gauges' values.
func TotalOf(gs []CopyValue) int {
	t := 0
	for _, g := range gs { // range var g copies lock
		t += g.Value()
	}
	return t
}
