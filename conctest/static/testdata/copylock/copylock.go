// Package copylock is the control for Vet: a mutex passed by value.
package copylock

import "sync"

type guarded struct {
	mu sync.Mutex
	n  int
}

func inc(g guarded) { // copies the lock
	g.mu.Lock()
	g.n++
	g.mu.Unlock()
}

var _ = inc
