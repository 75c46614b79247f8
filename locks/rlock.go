package locks

import "sync"

// NestedRLock is a registry whose Get, holding the read lock, calls the
// exported Len, which read-locks again. Readers share an RWMutex, so the
// nested RLock looks harmless, and it passes every test without writers.
//
// Broken: once a writer's Lock is waiting, RWMutex lets no new reader in,
// so that writers do not starve. The nested RLock waits for the writer,
// and the writer waits for Get's first read lock, which Get releases only
// when it returns: read, write, read, all blocked (the RWR deadlock).
// go-deadlock reports Recursive at the nested RLock whether or not a
// writer is waiting, and LockTimeout once both have waited; the workload
// makes a writer wait, and the watchdog sees the hang.
type NestedRLock struct {
	mu sync.RWMutex
	m  map[string]int
}

func (r *NestedRLock) Get(k string) (v, n int) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	// a writer's Lock may arrive here
	return r.m[k], r.Len() // Len read-locks again
}

func (r *NestedRLock) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.m)
}

func (r *NestedRLock) Set(k string, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]int{}
	}
	r.m[k] = v
}

// OneRLock is NestedRLock with one RLock per exported call: Get and Len
// read-lock at the boundary and share lenLocked, which assumes the lock
// is held.
//
// Fixed: Get never waits for the read lock while holding it, so a waiting
// writer only waits for Get to return. Clean under every detector.
type OneRLock struct {
	mu sync.RWMutex
	m  map[string]int
}

func (r *OneRLock) Get(k string) (v, n int) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	// a writer's Lock may arrive here
	return r.m[k], r.lenLocked() // the read lock is held: use the helper
}

func (r *OneRLock) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.lenLocked()
}

// lenLocked returns the number of keys. r.mu must be held.
func (r *OneRLock) lenLocked() int { return len(r.m) }

func (r *OneRLock) Set(k string, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]int{}
	}
	r.m[k] = v
}
