package locks

import "sync"

// The broken form of this lesson, locks.CopyValue, lives in
// testdata/copylock, because go vet rejects it. It is PointerReceiver
// with value receivers, and a range that copies each gauge:
//
//	func (g CopyValue) Add(d int) { // passes lock by value: locks a copy
//		g.mu.Lock()
//		defer g.mu.Unlock()
//		g.n += d // adds to the copy
//	}
//
//	for _, g := range gs { // range var g copies lock

// PointerReceiver is a gauge whose methods have pointer receivers, and
// which is handed around as a *PointerReceiver, never copied.
//
// Fixed: every call locks the one mutex inside the gauge and updates its
// one n, so concurrent Adds exclude each other and none is lost. go vet's
// copylocks is silent, and the gauge is clean under every detector.
type PointerReceiver struct {
	mu sync.Mutex
	n  int
}

func (g *PointerReceiver) Add(d int) { // the gauge itself, not a copy
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n += d
}

func (g *PointerReceiver) Value() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

// TotalOf returns the sum of the gauges' values.
func TotalOf(gs []*PointerReceiver) int {
	t := 0
	for _, g := range gs { // g is a pointer: nothing is copied
		t += g.Value()
	}
	return t
}
