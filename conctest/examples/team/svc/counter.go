package svc

import "sync"

// Number is what a counter counts in.
type Number interface{ ~int | ~int64 }

// Counter counts requests. It is the version that shipped in 1.3: Inc
// reads and writes n without a lock, so two requests at once can lose an
// increment (INC-212). Kept for its regression test; use LockedCounter.
type Counter[T Number] struct {
	n T
}

// Inc adds one.
func (c *Counter[T]) Inc() { c.n++ }

// Value returns the count.
func (c *Counter[T]) Value() T { return c.n }

// LockedCounter counts requests, safe for concurrent use.
type LockedCounter[T Number] struct {
	mu sync.Mutex
	n  T
}

// Inc adds one.
func (c *LockedCounter[T]) Inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// Value returns the count.
func (c *LockedCounter[T]) Value() T {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
