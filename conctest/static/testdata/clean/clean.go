// Package clean is the control for a clean static analysis: a mutex
// shared by pointer, which neither go vet nor staticcheck reports.
package clean

import "sync"

type guarded struct {
	mu sync.Mutex
	n  int
}

func inc(g *guarded) {
	g.mu.Lock()
	g.n++
	g.mu.Unlock()
}

var _ = inc
