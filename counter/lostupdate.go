package counter

import (
	"sync"
	"sync/atomic"
)

// Unsync is a counter with no synchronization at all.
//
// Broken: two goroutines both load n, both add one and both store: one
// increment is lost. Nothing orders the accesses, so this is a data race
// and the race detector reports it on nearly every run (make stress
// counts its misses: README's Reliability section); the lost updates
// themselves appear only under load.
type Unsync struct {
	n int64
}

func (c *Unsync) Inc()         { c.n++ } // unsynchronized read-modify-write
func (c *Unsync) Value() int64 { return c.n }

// Mutex is a counter whose every access holds one lock, the Go form of
// Python's `with lock: counter += 1`.
//
// Fixed: Unlock synchronizes before the next Lock, so each increment sees
// the one before it, and Value sees every increment that finished before
// it locked. Clean under every detector.
type Mutex struct {
	mu sync.Mutex
	n  int64
}

func (c *Mutex) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}

func (c *Mutex) Value() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// Atomic is a counter kept in an atomic.Int64.
//
// Fixed: Add is one indivisible read-modify-write, and every atomic
// operation synchronizes with the ones it observes. No lock, so nothing
// for go-deadlock to see; clean under every detector.
type Atomic struct {
	n atomic.Int64
}

func (c *Atomic) Inc()         { c.n.Add(1) }
func (c *Atomic) Value() int64 { return c.n.Load() }
