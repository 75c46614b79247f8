package counter

import "sync"

// HalfLocked is a counter that locks its writes but reads without the
// lock, because "reading an int is atomic anyway".
//
// Broken: the lock orders the writers among themselves, but nothing orders
// a reader with them, so Value races with Inc and the race detector
// reports it. The Go memory model still bounds the read: it observes a
// value some Inc stored in the word, but which one is up to the
// schedule, so Value may return a total that was already stale. The fix
// is [Mutex]: Value takes the same lock.
type HalfLocked struct {
	mu sync.Mutex
	n  int64
}

func (c *HalfLocked) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}

func (c *HalfLocked) Value() int64 {
	return c.n // read without the lock the writers hold
}
